"""Cross-cutting: `check --deploy` with the production settings reports nothing, not even a warning."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys


def test_check_deploy_has_no_warnings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hromada.config.settings_production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "HROMADA_IDENTITY_HASH_KEY": secrets.token_urlsafe(48),
        "HROMADA_TRANSPARENCY_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "hromada.example.org",
        "HROMADA_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)  # the check needs no database server
    result = subprocess.run(
        [sys.executable, "-m", "hromada.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr and "WARNINGS" not in result.stdout


def test_production_settings_refuse_to_start_without_a_secret(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hromada.config.settings_production",
           "HROMADA_DATA_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-m", "hromada.cli", "check"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _refused_keys(tmp_path, name: str, others: dict[str, str], bad: tuple) -> list[str]:
    """Run `check` with the production settings and each bad value of the secret `name`; the errors that fail to
    name it (an empty list when every bad value is refused with its name)."""
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "hromada.config.settings_production", **others,
            "ALLOWED_HOSTS": "hromada.example.org", "HROMADA_DATA_DIR": str(tmp_path)}
    base.pop("DATABASE_URL", None)
    wrong = []
    for key in bad:
        env = dict(base)
        env.pop(name, None)
        if key is not None:
            env[name] = key
        result = subprocess.run([sys.executable, "-m", "hromada.cli", "check"], env=env, capture_output=True,
                                text=True, timeout=120)
        if result.returncode == 0 or name not in result.stderr:
            wrong.append(f"{key!r}: {result.returncode} {result.stderr[-300:]}")
    return wrong


def test_production_settings_insist_on_a_separate_identity_hash_key(tmp_path):
    secret = secrets.token_urlsafe(64)
    assert _refused_keys(tmp_path, "HROMADA_IDENTITY_HASH_KEY", {"SECRET_KEY": secret}, (None, secret, "short")) == []


def test_production_settings_insist_on_a_separate_transparency_key(tmp_path):
    secret, identity = secrets.token_urlsafe(64), secrets.token_urlsafe(48)
    others = {"SECRET_KEY": secret, "HROMADA_IDENTITY_HASH_KEY": identity}
    assert _refused_keys(tmp_path, "HROMADA_TRANSPARENCY_KEY", others, (None, secret, identity, "short")) == []


def test_importing_the_settings_writes_nothing(tmp_path):
    target = tmp_path / "data"
    env = {**os.environ, "HROMADA_DATA_DIR": str(target), "DJANGO_SETTINGS_MODULE": "hromada.config.settings"}
    env.pop("DATABASE_URL", None)
    code = "import hromada.config.settings"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert not target.exists()
