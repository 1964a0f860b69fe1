"""The open-loop benchmark harness every capability's benchmark plugs into (docs/performance.md).

`bench/run.py` starts `hromada serve` as shipped (with `harness.settings`, which only adds the same-run baseline
endpoints), prepares data through each scenario in a child process, sends open-loop load at fixed arrival rates,
measures the server's process-tree CPU per request and the machine's load, checks each scenario's integrity, and
prints one table per database."""
