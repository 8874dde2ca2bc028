"""The data model, importing nothing above it: the schema (declared once), the columnar
Graph, Table and Rows results, sorting rows, and the dates the model allows."""
