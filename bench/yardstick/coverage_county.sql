-- graphmodel query coverage --by county: per county, what report gives for it.
WITH county AS (SELECT region, anc AS county FROM chain WHERE anc_level = 'county'),
     covered AS (SELECT DISTINCT entity_id FROM coverage),
     e AS (SELECT k.county, count(*) AS entities, count(c.entity_id) AS covered
           FROM entities x JOIN county k ON k.region = x.region_id
           LEFT JOIN covered c ON c.entity_id = x.id GROUP BY k.county),
     o AS (SELECT k.county, count(*) AS organisations
           FROM organisations x JOIN county k ON k.region = x.region_id GROUP BY k.county),
     m AS (SELECT k.county, count(*) AS members
           FROM members x JOIN county k ON k.region = x.region_id GROUP BY k.county)
SELECT r.id, r.name, e.entities, e.covered, e.covered / e.entities AS coverage_rate,
       coalesce(o.organisations, 0) AS organisations, coalesce(m.members, 0) AS members
FROM e JOIN regions r ON r.id = e.county
LEFT JOIN o ON o.county = e.county LEFT JOIN m ON m.county = e.county
ORDER BY r.id
