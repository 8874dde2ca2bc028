-- graphmodel query uncovered: entities no organisation covers, with names and staff.
WITH staff AS (SELECT employer_id, count(*) AS n FROM members
               WHERE employer_id IS NOT NULL GROUP BY employer_id),
     county AS (SELECT region, anc_name FROM chain WHERE anc_level = 'county')
SELECT e.id, e.name, e.type, e.region_id, r.name AS region_name, k.anc_name AS county_name,
       e.industry_id, i.name AS industry_name, e.market_id, coalesce(s.n, 0) AS members
FROM entities e
LEFT JOIN regions r ON r.id = e.region_id
LEFT JOIN county k ON k.region = e.region_id
LEFT JOIN industries i ON i.id = e.industry_id
LEFT JOIN staff s ON s.employer_id = e.id
WHERE NOT EXISTS (SELECT 1 FROM coverage c WHERE c.entity_id = e.id)
ORDER BY e.id
