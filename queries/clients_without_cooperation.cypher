// Clients without a cooperative tie
// Question: which actors of the client system have no present relationship whose dominant
//   type is cooperation? (Cooperation is possible only when goals, actions and values correlate;
//   a client without one is where the work has no ally.)
// Parameters: $case (string) -- the case id.
// Columns: client (id), ties (int: its present relationships of any type).
// Order: client id.
// Python twin: ecograph.analysis.questions.isolated_clients.clients_without_cooperation
MATCH (c:ClientSystem:Actor {case_id: $case})
WHERE NOT EXISTS {
  MATCH (c)-[r:COOPERATION]-(:Actor)
  WHERE r.case_id = $case AND NOT r.ended
}
OPTIONAL MATCH (c)-[t:COOPERATION|AGREEMENT|CONFLICT]-(:Actor)
WHERE t.case_id = $case AND NOT t.ended
RETURN c.id AS client, count(t) AS ties
ORDER BY client
