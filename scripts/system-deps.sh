#!/usr/bin/env bash
# Install the Debian packages hrsa's tests use (chromium for browser tests, poppler-utils for PDF
# checks, postgresql-client for backups of PostgreSQL, fonts-dejavu-core for the PDF reports' font) when they are missing and we are root;
# otherwise say what is missing. Tests that need a missing package skip loudly, and .ci/run fails
# on any skip.
set -uo pipefail
# With --app, only what the running app itself needs (the PDF font), for `make run`.
missing=()
if [ "${1:-}" != "--app" ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  # pg_dump and pg_restore: the backup and restore drill on PostgreSQL.
  command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)
fi
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null \
    || echo "WARNING: could not install ${missing[*]}: the tests that need them will be skipped"
else
  echo "WARNING: missing ${missing[*]} (install with: sudo apt-get install ${missing[*]})."
  echo "WARNING: the tests that need them will be SKIPPED."
fi
exit 0
