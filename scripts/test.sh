#!/usr/bin/env bash
# The test command: installs what is needed, then builds and checks everything that CI checks:
# jsii compile, type check, jest, eslint, integ snapshots, API.md, and the npm, PyPI, Maven and Go
# packages, which throwaway CDK apps then install and synthesize.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

rm -rf test-reports dist
status=0
npx projen build || status=$?
# projen's build leaves packaging to the release workflow when CI is set; we package here anyway.
if [ "$status" -eq 0 ] && [ "${CI:-}" = "true" ]; then
  npx projen package-all || status=$?
fi

if [ "$status" -ne 0 ]; then
  node scripts/test-summary.js test-reports/junit.xml || true
  echo "FAILED: the build or a test failed (exit $status); see above." >&2
  exit "$status"
fi

for pattern in 'dist/js/*.tgz' 'dist/python/*.whl' 'dist/java/io/github/isolated-ecs-constructs/isolated-ecs-constructs/*/*.jar' 'dist/go/isolatedecsconstructs/go.mod'; do
  compgen -G "$pattern" >/dev/null || { echo "FAILED: no package matches $pattern" >&2; exit 1; }
  ls -1 $pattern | sed 's/^/package: /'
done
bash scripts/downstream-check.sh
bash scripts/compat-check.sh
bash scripts/python-test.sh
bash scripts/consumer-check.sh
bash scripts/security.sh
# The benchmark at N = 1, once, as a smoke test (figures come from `npx projen bench`, not from here).
npx projen bench --ns 1 --runs 1 --repeat 1 --no-profile --no-write >/dev/null && echo "bench: smoke run at N = 1 passed"
npx projen cost >/dev/null && echo "cost: per-VPC against central endpoints printed"

# Generated files (API.md, package.json, tasks, snapshots) must be committed as the build makes them.
if [ "${CI:-}" = "true" ] && [ -n "$(git status --porcelain)" ]; then
  echo "FAILED: the build changed tracked files; run ./scripts/test.sh locally and commit the result:" >&2
  git status --porcelain >&2
  git --no-pager diff --stat >&2
  exit 1
fi

# The closing line CI reads: jest and pytest together.
node scripts/test-summary.js test-reports/junit.xml test-reports/pytest.xml
