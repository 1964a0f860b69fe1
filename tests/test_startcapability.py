"""Cross-cutting: `hromada startcapability NAME` generates a capability that works as generated: its manifest
passes the start-up checks, its migration matches its model, its own tests pass, and so do the tenant-isolation
suite (which walks its pages and API) and the import rules.

The app is generated into a temporary folder added to the hromada package path of a subprocess, never into the
repository; the subprocess has its own data folder and SQLite test database. On SQLite that database starts as a
copy of this run's, already migrated, so the subprocess migrates only the new capability, as a site does when a
capability is added (a full `migrate` costs about 75 s of CPU). The subprocess never uses the outer run's
PostgreSQL, so in a PostgreSQL run the case would repeat the SQLite run's word for word at twice its cost: it is
skipped there (ADR 0045)."""

from __future__ import annotations

import ast
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

import hromada

from .test_import_rules import imported_models

REPO = Path(hromada.__file__).resolve().parents[2]


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=1200)


def test_a_generated_capability_passes_its_own_and_the_cross_cutting_tests(tmp_path, django_db_setup):
    if connection.vendor != "sqlite":
        pytest.skip("the generated capability's suite runs on SQLite whatever the outer database; the SQLite run has it")
    name = "genpolls"
    package = tmp_path / "hromada"
    call_command("startcapability", name, "--directory", str(package), stdout=open(os.devnull, "w"))
    app = package / name
    for path in ("manifest.py", "models.py", "services.py", "selectors.py", "policies.py", "api.py", "views.py",
                 "urls.py", "admin.py", "demo.py", "migrations/0001_initial.py", f"templates/{name}/list.html",
                 "tests/test_services.py", "tests/test_api.py", "tests/test_views.py", "tests/test_admin.py"):
        assert (app / path).is_file(), path

    # The import rules, on the generated files: no other capability's models.
    for path in app.rglob("*.py"):
        for _line, module in imported_models(ast.parse(path.read_text(encoding="utf-8"))):
            assert module.split(".")[1] in {name, "core"}, f"{path} imports {module}"

    (tmp_path / "gensettings.py").write_text(
        f"import hromada\nhromada.__path__.append({str(package)!r})\n"
        "from hromada.config.settings_test import *  # noqa\n"
        f"INSTALLED_APPS = [*INSTALLED_APPS, 'hromada.{name}']  # noqa\n")
    # The repository's shared fixtures (community, community_admin, api_client_for ...) for the generated tests.
    (tmp_path / "conftest.py").write_text(
        "import importlib.util\n"
        f"_spec = importlib.util.spec_from_file_location('hromada_root_fixtures', {str(REPO / 'conftest.py')!r})\n"
        "_module = importlib.util.module_from_spec(_spec)\n_spec.loader.exec_module(_module)\n"
        "globals().update({k: v for k, v in vars(_module).items() if not k.startswith('__')})\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO), *sys.path]),
           "DJANGO_SETTINGS_MODULE": "gensettings", "HROMADA_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)  # never the outer run's PostgreSQL test database
    (tmp_path / "data").mkdir()  # this run's test database, migrated and empty between tests: its copy
    with sqlite3.connect(connection.settings_dict["NAME"]) as source, \
            sqlite3.connect(tmp_path / "data" / "test.sqlite3") as copy:
        source.backup(copy)

    # One start-up for the three commands, each as its command line runs it (a failure exits non-zero).
    commands = run(["-c", "import django\ndjango.setup()\nfrom django.core.management import call_command\n"
                    "call_command('capabilities')\ncall_command('check')\n"
                    f"call_command('makemigrations', {name!r}, check=True, dry_run=True)\n"], env)
    assert commands.returncode == 0, commands.stdout + commands.stderr
    assert f"{name}\thromada.{name}" in commands.stdout, commands.stdout
    tests = run(["-m", "pytest", "-q", "-p", "no:warnings", "--import-mode=importlib", "--ds=gensettings",
                 f"--rootdir={REPO}", "--reuse-db", str(app / "tests"), "tests/test_tenant_isolation.py",
                 # --reuse-db: pytest-django migrates the copy, so only the generated capability's 0001.
                 # Of the suite's per-capability cases only the new one's: the others run in the outer suite.
                 "-k", f"{name} or not disabled_capability"], env)
    assert tests.returncode == 0, tests.stdout[-6000:] + tests.stderr[-3000:]
    assert " passed" in tests.stdout and "skipped" not in tests.stdout


@pytest.mark.parametrize("name", ["petitions", "Bad-Name", "x", "class"])
def test_names_that_are_taken_or_malformed_are_refused(name, tmp_path):
    with pytest.raises(CommandError):
        call_command("startcapability", name, "--directory", str(tmp_path))
    assert list(tmp_path.iterdir()) == []
