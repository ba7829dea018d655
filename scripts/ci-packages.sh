#!/usr/bin/env bash
# The Debian packages the tests need beyond Node.js and PostgreSQL: Chromium and its headless shell (what the
# end-to-end tests run in, scripts/chromium.ts) for the end-to-end tests,
# PgBouncer for the transaction-pooling test (test/pgbouncer.test.ts) and a Java runtime for the W3C Nu HTML
# Checker (vnu-jar, e2e/html-validity.spec.ts; without a java on the path its own install would fetch one).
# Installs what is missing.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromium-headless-shell ] || missing+=(chromium-headless-shell)
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)

if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
