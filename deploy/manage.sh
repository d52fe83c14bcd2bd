#!/bin/sh
# manage.py as the service runs it: the settings of /etc/bulletin-office/env, the
# fontconfig cache in data/, and the user bulletin (root stays root, for collectstatic).
#     deploy/manage.sh migrate
# The environment is read here, not passed on a command line where `ps` would show
# the secret key and the database password to every user of the machine.
set -eu
ENV_FILE="${BULLETIN_ENV_FILE:-/etc/bulletin-office/env}"
cd "$(dirname "$0")/.."
set -a
. "$ENV_FILE"
set +a
export XDG_CACHE_HOME="$PWD/data/cache"
if [ "$(id -u)" -eq 0 ] && [ "${1:-}" != collectstatic ]; then
    exec runuser -u bulletin -- .venv/bin/python manage.py "$@"
fi
exec .venv/bin/python manage.py "$@"
