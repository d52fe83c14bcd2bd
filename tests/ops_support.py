"""Helpers of the tests/test_ops_*.py modules: fresh installations in child processes.

Holds no tests itself.
"""

import os
import socket
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"


def production_environment(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production installation in `data_dir`, over plain http."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "REDIS_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="bulletin_office.settings",
        DEBUG="0",
        SECRET_KEY="tests-only-" + "k7Qz9xW2pL4mN8vB3cR6tY1uI5oE0aS" * 2,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        DATA_DIR=str(data_dir),
        MEDIA_ROOT=str(data_dir / "media"),
        STATIC_ROOT=str(data_dir / "static"),
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
        **extra,
    )
    return environment


def manage(environment: dict[str, str], *args: str) -> str:
    """Runs `manage.py args` in a child process; its standard output, or the test fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def postgres_unreachable_reason() -> str | None:
    psycopg = pytest.importorskip("psycopg")
    try:
        psycopg.connect(f"{POSTGRES_SERVER}/postgres", connect_timeout=3).close()
    except psycopg.Error as error:
        return f"PostgreSQL is not reachable on 127.0.0.1:5432 as postgres ({error})"
    return None


@contextmanager
def fresh_postgres_database(prefix: str):
    """A new, empty PostgreSQL database; its URL. Dropped afterwards."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    """A port nobody listens on right now, on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
