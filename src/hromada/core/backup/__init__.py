"""Backups of a whole install: every model row, the tables capabilities keep outside models, every file.

One archive restores into an empty database of either vendor, so it is also the SQLite-to-PostgreSQL move."""
