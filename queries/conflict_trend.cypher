// Relationships moving toward conflict
// Question: which relationships' dated history moves toward conflict? Compares the conflict
//   share of the first and the latest shared observation (one with no perceived_by; ordered by
//   date, then by the order recorded). An observation given as a type counts as a pure mix.
// Parameters: $case (string) -- the case id.
// Columns: relationship (rel id), source, target, first_conflict, last_conflict (floats 0..1),
//   change (last - first, rounded to 9 decimals; only rows with change > 0).
// Order: change descending, then relationship id.
// Python twin: ecograph.analysis.questions.trend.conflict_trend
MATCH (o:Observation {case_id: $case})
WHERE o.perceived_by IS NULL
WITH o,
     CASE WHEN o.mix_conflict IS NOT NULL
          THEN o.mix_conflict / (o.mix_cooperation + o.mix_agreement + o.mix_conflict)
          WHEN o.type = 'conflict' THEN 1.0 ELSE 0.0 END AS share
ORDER BY o.rel_id, o.date, o.seq
WITH o.rel_id AS rel, collect(share) AS shares
WHERE size(shares) >= 2 AND shares[-1] > shares[0]
MATCH (a:Actor {case_id: $case})-[r:COOPERATION|AGREEMENT|CONFLICT {rel_id: rel}]->(b:Actor)
WHERE r.case_id = $case
RETURN rel AS relationship, r.source AS source, r.target AS target,
       shares[0] AS first_conflict, shares[-1] AS last_conflict,
       round(shares[-1] - shares[0], 9) AS change
ORDER BY change DESC, relationship
