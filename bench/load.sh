#!/usr/bin/env bash
# Requests per second and latency through gunicorn with production settings:
# the archive page, an issue page and a PDF download (as the demo recipient),
# and, as the references, a static file and the PDF's bytes as a static file
# (WhiteNoise, in the same gunicorn). The archive is measured twice: as its
# cache serves it (portal/archive_cache.py) and made afresh for every request.
# So is the download: by the link the issue page gives (with its download
# grant, portal/downloads.py) and by the bare address, which makes every check
# against the database.
#
#     bench/load.sh [seconds per URL, default 10]
#     DATABASE_URL=postgres://postgres@127.0.0.1:5432/bo_ops_bench bench/load.sh
#     REDIS_URL=redis://127.0.0.1:6379/15 DATABASE_URL=… bench/load.sh   # as with Redis
#
# DATABASE_URL must name a throwaway database: it is emptied, then the demo data
# is loaded into it; so is the Redis database of REDIS_URL.
# Without it, a SQLite database in a temporary folder is used. Needs wrk
# (apt-get install wrk). Everything listens on 127.0.0.1 only; wrk shares the
# machine with gunicorn, so the figures are a lower bound.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
PYTHON=.venv/bin/python
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

WORK="$(mktemp -d)"
GUNICORN_PID=""
cleanup() {
    [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

export DEBUG=0 SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING
export SECRET_KEY="bench-only-$($PYTHON -c 'import secrets; print(secrets.token_urlsafe(40))')"
export DATA_DIR="$WORK" MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static"
PORT="$($PYTHON -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export GUNICORN_BIND="127.0.0.1:$PORT"

echo "==> Preparing (database: ${DATABASE_URL:-SQLite in $WORK}; cache and sessions: ${REDIS_URL:-the database})"
$PYTHON manage.py migrate --no-input -v 0
$PYTHON manage.py flush --no-input  # a throwaway database: each run starts afresh
$PYTHON manage.py shell --no-imports -c 'from django.core.cache import cache; cache.clear()'
$PYTHON manage.py collectstatic --no-input -v 0
$PYTHON manage.py load_demo_data --allow-production >/dev/null
$PYTHON manage.py make_missing_pdfs >/dev/null
SESSION="$($PYTHON manage.py shell --no-imports -c '
from importlib import import_module
from django.conf import settings
from django.contrib import auth
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
user = auth.get_user_model().objects.get(username="reader")
session = SessionStore()
session[auth.SESSION_KEY] = str(user.pk)
session[auth.BACKEND_SESSION_KEY] = "organisations.backends.MemberBackend"
session[auth.HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)')"
ISSUE="$($PYTHON manage.py shell --no-imports -c '
from issues.models import Issue
issue = Issue.objects.exclude(pdf_file="").select_related("series").first()
print(f"/{issue.series.slug}/{issue.year}/{issue.number}/")')"
STATIC="/static/$(cd "$STATIC_ROOT" && ls admin/css/base.*.css | grep -v '\.gz$' | head -1)"
# The same bytes as the official PDF, as a plain static file: what serving the file
# itself costs, without the log-in, the permission check and the receipt.
PDF_FILE="$($PYTHON manage.py shell --no-imports -c '
from issues.models import Issue
print(Issue.objects.exclude(pdf_file="").first().pdf_file.path)')"
cp "$PDF_FILE" "$STATIC_ROOT/bench-reference.pdf"

.venv/bin/gunicorn -c deploy/gunicorn.conf.py bulletin_office.wsgi 2>"$WORK/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
    sleep 0.2
done
echo "==> gunicorn on 127.0.0.1:$PORT, $(nproc) CPUs; wrk -t2 -c8 for ${DURATION}s per URL"

declare -A RATE
measure() {  # name path [wrk script]
    local out
    out="$(wrk -t2 -c8 -d"${DURATION}s" --latency -H "Cookie: sessionid=$SESSION" \
        ${3:+-s "$3"} "http://127.0.0.1:$PORT$2")"
    RATE[$1]="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
    printf '%-9s %10s req/s   p50 %8s   p99 %8s   errors: %s\n' "$1" "${RATE[$1]}" \
        "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
        "$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ' || true)"
}
# The issue page's download link, after a first download has recorded the
# organisation's receipt (until then the page gives the bare address).
download_link() {
    curl -sf -H "Cookie: sessionid=$SESSION" "http://127.0.0.1:$PORT$ISSUE" |
        sed -n 's/.*class="button" href="\([^"]*\)".*/\1/p' | sed 's/&amp;/\&/g'
}
curl -sf -o /dev/null -H "Cookie: sessionid=$SESSION" "http://127.0.0.1:$PORT$(download_link)"
PDF_LINK="$(download_link)"
[[ "$PDF_LINK" == *"?grant="* ]] || { echo "The issue page gave no download grant: $PDF_LINK" >&2; exit 1; }

measure static "$STATIC"
measure staticpdf "/static/bench-reference.pdf"
measure archive "/"
measure issue "$ISSUE"
measure pdf "$PDF_LINK"
measure pdfbare "${ISSUE}pdf/"
# Last, as it leaves the most behind (cache entries): each request with a query of
# its own, so that none is answered from the archive's cache. That is what the
# archive costs right after a change, or for a search not made before.
cat >"$WORK/fresh.lua" <<'LUA'
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
function init(args) counter = 0 end
function request() counter = counter + 1; return wrk.format(nil, "/?fresh=" .. id .. "-" .. counter) end
LUA
measure archfresh "/" "$WORK/fresh.lua"

ratio() { awk -v a="${RATE[$1]}" -v b="${RATE[$2]}" 'BEGIN {printf "%.0f %%", 100 * a / b}'; }
echo "==> Share of the static file's rate ($(stat -c %s "$STATIC_ROOT/${STATIC#/static/}") bytes)"
for name in archive issue pdf pdfbare archfresh; do printf '%-9s %s\n' "$name" "$(ratio "$name" static)"; done
echo "==> The PDF download against the same bytes as a static file ($(stat -c %s "$PDF_FILE") bytes)"
for name in pdf pdfbare; do printf '%-9s %s\n' "$name" "$(ratio "$name" staticpdf)"; done
echo "Targets: pdf >= 50 % of static; archive >= 200 req/s on 2 CPUs with PostgreSQL."
