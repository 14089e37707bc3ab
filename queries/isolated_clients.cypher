// Isolated clients
// Question: which actors of the client system (holding the role themselves) have no present
//   cooperative tie with anyone outside their own system? Their own system (circle) is the
//   client, every group it belongs to (directly or not), and every member of those groups or of
//   the client itself: a mother's tie with her own family does not count.
// Parameters: $case (string) -- the case id.
// Columns: actor (id), cooperation, agreement, conflict (int: present ties outside the circle
//   by dominant type), inside (int: present ties inside the circle).
// Order: the order of the actors in the case.
// Python twin: ecograph.analysis.questions.isolated_clients.isolated_clients_rows (the report's own isolated_clients, as rows)
MATCH (c:ClientSystem:Actor {case_id: $case})
OPTIONAL MATCH (c)-[:MEMBER_OF*1..]->(g:Actor)
WITH c, [c] + collect(DISTINCT g) AS side
CALL (side) {
  UNWIND side AS s
  OPTIONAL MATCH (x:Actor)-[:MEMBER_OF*1..]->(s)
  RETURN collect(DISTINCT x) AS members
}
WITH c, side + members AS circle
OPTIONAL MATCH (c)-[r:COOPERATION|AGREEMENT|CONFLICT]-(nb:Actor)
WHERE r.case_id = $case AND NOT r.ended
WITH c, circle, nb, r
WITH c,
     sum(CASE WHEN r IS NOT NULL AND nb IN circle THEN 1 ELSE 0 END) AS inside,
     sum(CASE WHEN r IS NOT NULL AND NOT nb IN circle AND r.state_type = 'cooperation'
              THEN 1 ELSE 0 END) AS cooperation,
     sum(CASE WHEN r IS NOT NULL AND NOT nb IN circle AND r.state_type = 'agreement'
              THEN 1 ELSE 0 END) AS agreement,
     sum(CASE WHEN r IS NOT NULL AND NOT nb IN circle AND r.state_type = 'conflict'
              THEN 1 ELSE 0 END) AS conflict
WHERE cooperation = 0
RETURN c.id AS actor, cooperation, agreement, conflict, inside
ORDER BY c.ord
