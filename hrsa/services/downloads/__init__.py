"""Downloads of the stored ratings (CSV or XLSX) for city roles and the CLI."""
