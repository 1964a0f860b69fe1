"""Reading the files councils publish into one plan of rows (national open-data structures as CSV or JSON, and
Popolo JSON); services.importing validates the plan against the database and writes it, all or nothing."""
