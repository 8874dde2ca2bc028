"""The engines that answer the questions, one package each, all of the same shape:
:mod:`.embedded` (numpy over a Graph, the default), :mod:`.neo4j` (Cypher over Bolt) and
:mod:`.spark` (Apache Spark over partitioned Parquet). Each registers itself through the
entry-point group ``graphmodel.backends``; none imports another."""
