"""Data in and out of files: reading and validating a dataset (CSV folders, workbooks,
mappings, reviewed links), the embedded store, the Parquet table layout, the
personal-data key, and the private files every writer uses."""
