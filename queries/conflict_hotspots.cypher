// Conflict hotspots
// Question: which actors sit in the most conflict right now? For each actor, the present
//   relationships whose dominant type is conflict, and their conflict load: the sum over all its
//   present relationships of (conflict share of the mix x strength).
// Parameters: $case (string) -- the case id.
// Columns: actor (id), conflicts (int), conflict_load (float, rounded to 9 decimals).
// Order: conflict_load descending, then actor id. Only actors with conflict_load > 0.
// Python twin: ecograph.analysis.questions.hotspots.conflict_hotspots
MATCH (a:Actor {case_id: $case})-[r:COOPERATION|AGREEMENT|CONFLICT]-(:Actor)
WHERE r.case_id = $case AND NOT r.ended
WITH a,
     sum(CASE WHEN type(r) = 'CONFLICT' THEN 1 ELSE 0 END) AS conflicts,
     sum(r.state_conflict * r.state_strength) AS load
WHERE load > 0
RETURN a.id AS actor, conflicts, round(load, 9) AS conflict_load
ORDER BY conflict_load DESC, actor
