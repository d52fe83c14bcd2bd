#!/usr/bin/env bash
# Runs the whole test suite (and the linter). Extra arguments go to pytest.
# Set DATABASE_URL=postgres://… to run it against PostgreSQL.
source "$(dirname "$0")/bootstrap.sh"
# What the tests use besides the app: Chromium for the browser tests, poppler
# (pdffonts, pdftotext) to read the PDFs, gettext to check the catalog is current.
bootstrap chromium poppler-utils gettext

say "ruff"
ruff check .
ruff format --check .

say "import-linter"
lint-imports

say "pytest (database: ${DATABASE_URL:-SQLite})"
exec pytest "$@"
