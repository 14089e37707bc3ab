// Influence paths through cooperative ties
// Question: for each member of the target system, through how many cooperative ties can the
//   change agent system reach it ("use of connections": who can move a target the worker cannot
//   move directly)? Only present relationships whose dominant type is cooperation count.
// Parameters: $case (string) -- the case id.
// Columns: target (id), hops (int, or null when no cooperative path of at most 10 ties exists),
//   path (list of actor ids from a change agent to the target along one shortest path, or null).
// Order: target id. Several shortest paths may exist; which one is shown is not defined.
// Python twin: ecograph.analysis.questions.influence_paths.influence_paths (compare target and hops)
MATCH (t:TargetSystem:Actor {case_id: $case})
WHERE NOT t:ChangeAgentSystem
OPTIONAL CALL (t) {
  MATCH p = shortestPath((ca:ChangeAgentSystem:Actor {case_id: $case})-[:COOPERATION*1..10]-(t))
  WHERE all(r IN relationships(p) WHERE r.case_id = $case AND NOT r.ended)
  RETURN p ORDER BY length(p) LIMIT 1
}
RETURN t.id AS target,
       CASE WHEN p IS NULL THEN null ELSE length(p) END AS hops,
       CASE WHEN p IS NULL THEN null ELSE [n IN nodes(p) | n.id] END AS path
ORDER BY target
