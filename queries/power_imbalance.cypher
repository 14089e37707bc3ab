// Power imbalance on conflict edges
// Question: on each present relationship whose dominant type is conflict, how uneven is power,
//   and which way? (Hostility can last when neither side can walk away and one holds the power.)
// Parameters: $case (string) -- the case id.
// Columns: relationship (rel id), stronger (id), weaker (id), imbalance (float: power of the
//   stronger minus power of the weaker, 0..1, rounded to 9 decimals), mandated (ids of the
//   actors mandated into this relationship, as recorded; [] when none: they cannot walk away).
// Order: imbalance descending, then relationship id. On equal power the smaller id is "stronger".
// Python twin: ecograph.analysis.questions.power.power_imbalance
MATCH (a:Actor {case_id: $case})-[r:CONFLICT]->(b:Actor)
WHERE r.case_id = $case AND NOT r.ended
WITH r, a, b, (a.power > b.power OR (a.power = b.power AND a.id < b.id)) AS aStronger
RETURN r.rel_id AS relationship,
       CASE WHEN aStronger THEN a.id ELSE b.id END AS stronger,
       CASE WHEN aStronger THEN b.id ELSE a.id END AS weaker,
       round(abs(a.power - b.power), 9) AS imbalance,
       coalesce(r.mandated, []) AS mandated
ORDER BY imbalance DESC, relationship
