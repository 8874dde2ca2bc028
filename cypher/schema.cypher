// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// The schema: constraints first, so MERGE never duplicates a node.

// Every Region has a unique id.
CREATE CONSTRAINT region_id IF NOT EXISTS FOR (n:Region) REQUIRE n.id IS UNIQUE;

// Every Industry has a unique id.
CREATE CONSTRAINT industry_id IF NOT EXISTS FOR (n:Industry) REQUIRE n.id IS UNIQUE;

// Every Agency has a unique id.
CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE;

// Every MarketEntity has a unique id.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:MarketEntity) REQUIRE n.id IS UNIQUE;

// Every PartyOrganisation has a unique id.
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:PartyOrganisation) REQUIRE n.id IS UNIQUE;

// Every PartyMember has a unique id.
CREATE CONSTRAINT member_id IF NOT EXISTS FOR (n:PartyMember) REQUIRE n.id IS UNIQUE;

// Every Station has a unique id.
CREATE CONSTRAINT station_id IF NOT EXISTS FOR (n:Station) REQUIRE n.id IS UNIQUE;

// Every Instructor has a unique id.
CREATE CONSTRAINT instructor_id IF NOT EXISTS FOR (n:Instructor) REQUIRE n.id IS UNIQUE;

// Every GraphmodelBatch has a unique key.
CREATE CONSTRAINT graphmodel_batch_key IF NOT EXISTS FOR (b:GraphmodelBatch) REQUIRE b.key IS UNIQUE;

// There is one GraphmodelDataset node.
CREATE CONSTRAINT graphmodel_dataset_key IF NOT EXISTS FOR (d:GraphmodelDataset) REQUIRE d.key IS UNIQUE;

// MarketEntity by type, for the query filters.
CREATE INDEX entity_type IF NOT EXISTS FOR (n:MarketEntity) ON (n.type);

// PartyOrganisation by level, for the query filters.
CREATE INDEX organisation_level IF NOT EXISTS FOR (n:PartyOrganisation) ON (n.level);

// Station by kind, for the query filters.
CREATE INDEX station_kind IF NOT EXISTS FOR (n:Station) ON (n.kind);
