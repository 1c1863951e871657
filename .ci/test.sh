#!/usr/bin/env bash
# The whole suite on SQLite and on a throwaway PostgreSQL, which is stopped even when tests fail.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
pgdir=$(mktemp -d /tmp/anxin-pg.XXXXXX)
port=${ANXIN_PG_PORT:-54329}
trap '"$here/.ci/postgres.sh" stop "$pgdir"' EXIT INT TERM
url=$("$here/.ci/postgres.sh" start "$pgdir" "$port") || { echo "could not start PostgreSQL" >&2; exit 1; }
echo "PostgreSQL for tests: $url"
export ANXIN_TEST_PG=$url ANXIN_REQUIRE_PG=1 QT_QPA_PLATFORM=offscreen
"$here/.venv/bin/ruff" check "$here" || exit 1
"$here/.venv/bin/python" -m pytest "$@"
