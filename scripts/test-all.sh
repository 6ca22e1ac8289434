#!/usr/bin/env bash
# `npm test`: every suite, against real parts. Unit tests run alone; integration
# tests get a throwaway PostgreSQL and S3-compatible server; browser tests also
# get a production build of the portal and drive Debian's Chromium. Ends with one
# line "N passed, N failed" summed over the suites.
set -uo pipefail
cd "$(dirname "$0")/.."
results=test-reports  # not test-results/: Playwright empties that folder when it starts
rm -rf "$results" && mkdir -p "$results"
tsx=node_modules/.bin/tsx
shopt -s globstar nullglob

# node:test, readable on stdout and TAP to a file for the summary
node_test() { local out=$1; shift; echo node --import tsx --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination="$out" "$@"; }

echo "== unit"
$(node_test "$results/unit.tap" tests/unit/**/*.test.ts)

echo "== integration (real PostgreSQL + S3-compatible server)"
$tsx tests/support/with-services.ts -- $(node_test "$results/integration.tap" tests/integration/**/*.test.ts)

echo "== storage under S3 Object Lock (Ceph radosgw; ingest, manifest, ZIP, quarantine and consent suites on a locked bucket)"
$tsx tests/support/with-services.ts --object-lock -- $(node_test "$results/object-lock.tap" tests/object-lock/*.test.ts \
  tests/integration/ingest/ingest-file.test.ts tests/integration/studies/export-study-zip.test.ts tests/integration/studies/study-manifest.test.ts \
  tests/integration/upload-links/quarantine.test.ts tests/integration/consents/consent-gates-sharing.test.ts)

echo "== end to end (production build, Debian Chromium)"
PLAYWRIGHT_JSON_OUTPUT="$results/e2e.json" $tsx tests/support/with-services.ts --app -- node_modules/.bin/playwright test

$tsx scripts/summarize-tests.ts "$results/unit.tap" "$results/integration.tap" "$results/object-lock.tap" "$results/e2e.json"
