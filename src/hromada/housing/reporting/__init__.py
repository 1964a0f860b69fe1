"""Housing work reports (page, PDF, CSV) and the import of building lists from CSV/XLSX with a per-row report."""
