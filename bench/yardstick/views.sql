-- The dataset's CSV files as tables, every column text (ids such as 469021 stay ids).
CREATE VIEW regions AS SELECT * FROM read_csv('{root}/regions.csv', all_varchar = true, header = true);
CREATE VIEW industries AS SELECT * FROM read_csv('{root}/industries.csv', all_varchar = true, header = true);
CREATE VIEW entities AS SELECT * FROM read_csv('{root}/entities.csv', all_varchar = true, header = true);
CREATE VIEW organisations AS SELECT * FROM read_csv('{root}/organisations.csv', all_varchar = true, header = true);
CREATE VIEW members AS SELECT * FROM read_csv('{root}/members.csv', all_varchar = true, header = true);
CREATE VIEW coverage AS SELECT * FROM read_csv('{root}/coverage.csv', all_varchar = true, header = true);
-- Every region with each region above it (itself included), for subtrees.
CREATE VIEW chain AS
WITH RECURSIVE up(region, anc) AS (
  SELECT id, id FROM regions
  UNION ALL
  SELECT up.region, r.parent_id FROM up JOIN regions r ON r.id = up.anc WHERE r.parent_id IS NOT NULL
)
SELECT up.region, up.anc, a.level AS anc_level, a.name AS anc_name FROM up JOIN regions a ON a.id = up.anc;
