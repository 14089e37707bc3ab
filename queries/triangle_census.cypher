// Signed triangle census
// Question: how many triangles of present relationships are balanced? Each relationship has a
//   sign (+1 cooperation/agreement side, -1 conflict side) from its signed weight (strength x
//   weighted mix: cooperation +1, agreement +0.5, conflict -1; stored as r.sign on push).
//   +++ and +-- are balanced ("the enemy of my enemy is my friend"); ++- and --- are not.
// Parameters: $case (string) -- the case id.
// Columns: ppp, ppn, pnn, nnn (int: triangles with 0, 1, 2, 3 negative ties).
// Python twin: ecograph.analysis.questions.balance.triangle_census_rows (triangle_census over signed_graph)
CALL {
  MATCH (a:Actor {case_id: $case})-[r1:COOPERATION|AGREEMENT|CONFLICT]-(b:Actor)
        -[r2:COOPERATION|AGREEMENT|CONFLICT]-(c:Actor)-[r3:COOPERATION|AGREEMENT|CONFLICT]-(a)
  WHERE a.id < b.id AND b.id < c.id
    AND r1.case_id = $case AND r2.case_id = $case AND r3.case_id = $case
    AND NOT r1.ended AND NOT r2.ended AND NOT r3.ended
  RETURN (CASE WHEN r1.sign < 0 THEN 1 ELSE 0 END) + (CASE WHEN r2.sign < 0 THEN 1 ELSE 0 END)
       + (CASE WHEN r3.sign < 0 THEN 1 ELSE 0 END) AS negatives
}
RETURN sum(CASE WHEN negatives = 0 THEN 1 ELSE 0 END) AS ppp,
       sum(CASE WHEN negatives = 1 THEN 1 ELSE 0 END) AS ppn,
       sum(CASE WHEN negatives = 2 THEN 1 ELSE 0 END) AS pnn,
       sum(CASE WHEN negatives = 3 THEN 1 ELSE 0 END) AS nnn
