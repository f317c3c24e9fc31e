#!/usr/bin/env bash
# Backup and restore drill: pg_dump -Fc → pg_restore into a fresh database → compare.
#
#   DATABASE_URL=postgres://styrkort:styrkort@127.0.0.1:5432/styrkort ops/backup_drill.sh
#
# DATABASE_URL names the server and a role with CREATEDB; the drill works in two
# databases of its own (dropped at the end) and never touches the one named in the URL.
# 1. source database: migrate, demo data, a PDF of Länsteknik's årsrapport 2019 built
#    and frozen as an edition (reports.services), snapshot of every report's figures
#    and of the edition checksums;
# 2. pg_dump -Fc of it, pg_restore into an empty database;
# 3. on the restored database: the same figures, the edition's stored PDF bytes hash to
#    the stored SHA-256 and to the value from before the dump, and
#    `manage.py build_report` builds the report again.
# Exits non-zero on any mismatch (CI runs it after `make test`, see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL server (role with CREATEDB)}"
PYTHON=${PYTHON:-.venv/bin/python}
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-backup-drill-only}
export DJANGO_TASKS_BACKEND=django.tasks.backends.immediate.ImmediateBackend

url_with_db() {  # the URL of DATABASE_URL's server with another database name
  "$PYTHON" -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p._replace(path="/" + sys.argv[2]).geturl())' "$DATABASE_URL" "$1"
}
ADMIN_URL=$(url_with_db postgres)
SRC=styrkort_drill_src_$$
DST=styrkort_drill_dst_$$
WORK=$(mktemp -d)
cleanup() {
  psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $SRC WITH (FORCE)" -c "DROP DATABASE IF EXISTS $DST WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
started=$(date +%s)

psql -q -v ON_ERROR_STOP=1 "$ADMIN_URL" -c "CREATE DATABASE $SRC" -c "CREATE DATABASE $DST"

echo "== 1. source database $SRC: demo data, frozen edition, snapshot"
DATABASE_URL=$(url_with_db "$SRC") "$PYTHON" ops/drill.py prepare "$WORK/snapshot.json"

echo "== 2. pg_dump -Fc → pg_restore into $DST"
pg_dump -Fc --no-owner -f "$WORK/styrkort.dump" "$(url_with_db "$SRC")"
echo "dump: $(du -h "$WORK/styrkort.dump" | cut -f1)"
pg_restore --no-owner --exit-on-error -d "$(url_with_db "$DST")" "$WORK/styrkort.dump"

echo "== 3. restored database: figures, edition checksums, report rebuild"
export DATABASE_URL=$(url_with_db "$DST")
"$PYTHON" manage.py migrate --check >/dev/null  # the restore is complete: nothing to apply
"$PYTHON" ops/drill.py verify "$WORK/snapshot.json"
"$PYTHON" manage.py build_report --unit lansteknik --period 2019 --output "$WORK/rebuilt.pdf" >/dev/null
test -s "$WORK/rebuilt.pdf"
echo "rebuilt: lansteknik 2019, $(wc -c <"$WORK/rebuilt.pdf") bytes"
echo "backup drill OK in $(( $(date +%s) - started )) s"
