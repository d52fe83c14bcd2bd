import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="bulletin_office.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "production-like-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        ALLOWED_HOSTS="bulletin.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("name", ["TIME_ZONE", "LANGUAGE_CODE"])
def test_defaults_are_shanghai_time_and_simplified_chinese(settings, name):
    assert (
        getattr(settings, name) == {"TIME_ZONE": "Asia/Shanghai", "LANGUAGE_CODE": "zh-hans"}[name]
    )


def test_migrate_creates_the_database_cache_table(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    environment = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "DATABASE_URL": database_url}
    environment["DATA_DIR"] = str(tmp_path)
    assert manage("migrate", "--no-input", "-v", "0", **environment).returncode == 0
    check = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.cache import cache; cache.set('k', 'v'); print(cache.get('k'))",
        **environment,
    )
    assert check.stdout.strip() == "v", check.stderr
