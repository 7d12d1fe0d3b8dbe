#!/usr/bin/env bash
# The test command: installs what is needed, then builds and checks everything that CI checks:
# jsii compile, type check, jest, eslint, integ snapshots, and the npm and PyPI packages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

rm -rf test-reports
status=0
npx projen build || status=$?

# The closing line CI reads, from jest's JUnit report.
node scripts/test-summary.js test-reports/junit.xml || status=$?
if [ "$status" -ne 0 ]; then
  echo "FAILED: the build or a test failed (exit $status); see above." >&2
  exit "$status"
fi
for pattern in 'dist/js/*.tgz' 'dist/python/*.whl'; do
  compgen -G "$pattern" >/dev/null || { echo "FAILED: no package matches $pattern" >&2; exit 1; }
  ls -1 $pattern | sed 's/^/package: /'
done
bash scripts/downstream-check.sh
