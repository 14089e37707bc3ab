// Brokers between conflicting parties
// Question: who holds a positive tie (dominant cooperation or agreement) to both sides of a
//   present conflict, and so could convene a negotiation between them?
// Parameters: $case (string) -- the case id.
// Columns: broker (id), conflicts_bridged (int: conflict relationships whose two ends it is
//   positively tied to), bridged (list of relationship ids, sorted).
// Order: conflicts_bridged descending, then broker id.
// Python twin: ecograph.analysis.questions.brokers.conflict_bridges
MATCH (a:Actor {case_id: $case})-[c:CONFLICT]->(b:Actor)
WHERE c.case_id = $case AND NOT c.ended
MATCH (a)-[ra:COOPERATION|AGREEMENT]-(x:Actor)-[rb:COOPERATION|AGREEMENT]-(b)
WHERE ra.case_id = $case AND rb.case_id = $case AND NOT ra.ended AND NOT rb.ended
WITH x, c.rel_id AS rel ORDER BY rel
WITH x, collect(DISTINCT rel) AS bridged
RETURN x.id AS broker, size(bridged) AS conflicts_bridged, bridged
ORDER BY conflicts_bridged DESC, broker
