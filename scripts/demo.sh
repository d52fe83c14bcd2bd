#!/usr/bin/env bash
# Sets everything up and serves the app with the demo bulletins on
# http://127.0.0.1:8000/ . Safe to run again: it keeps your data.
source "$(dirname "$0")/bootstrap.sh"
bootstrap

export DEBUG="${DEBUG:-1}"
# A trial certificate of the demo office (manage.py make_office_certificate),
# so that the demo's official PDFs are digitally signed as an office's would
# be; an office configures its own (docs/deploy.md, "Digital signature").
if [ -z "${BULLETIN_SIGNING_CERT:-}${BULLETIN_SIGNING_PKCS12:-}" ]; then
    demo_signing="${DATA_DIR:-$PROJECT_DIR/data}/demo-signing"
    if [ ! -f "$demo_signing/office-cert.pem" ]; then
        mkdir -p "$demo_signing"
        python manage.py make_office_certificate 上海市快递行业精神文明创建办公室 \
            --directory "$demo_signing"
    fi
    export BULLETIN_SIGNING_CERT="$demo_signing/office-cert.pem"
    export BULLETIN_SIGNING_KEY="$demo_signing/office-key.pem"
fi
say "Preparing the database"
python manage.py migrate --no-input -v 0
say "Loading the demo bulletins"
python manage.py load_demo_data
python manage.py build_pdf_fonts --if-missing
python manage.py load_demo_reports
python manage.py make_missing_pdfs
say "Serving on http://127.0.0.1:8000/ (archive) and http://127.0.0.1:8000/admin/ (editors)  (Ctrl-C stops)"
# The mail worker sends the queued notices (to the console in development) beside the server.
python manage.py db_worker &
worker=$!
trap 'kill "$worker" 2>/dev/null' EXIT
python manage.py runserver 127.0.0.1:8000
