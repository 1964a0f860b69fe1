"""Task leases: a heartbeat per worker process, and the recovery of tasks whose worker died.

The `db_worker` command here replaces django-tasks-db's own so every worker of the install heartbeats."""
