#!/usr/bin/env bash
# Runs the whole test suite (and the linter). Extra arguments go to pytest.
# Set DATABASE_URL=postgres://… to run it against PostgreSQL.
source "$(dirname "$0")/bootstrap.sh"
bootstrap

say "ruff"
ruff check .
ruff format --check .

say "pytest (database: ${DATABASE_URL:-SQLite})"
exec pytest "$@"
