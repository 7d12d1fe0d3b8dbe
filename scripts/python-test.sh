#!/usr/bin/env bash
# Installs the freshly built wheel into a fresh virtualenv, as a Python team would, and runs the
# pytest suite in test/python against it. pip's download cache keeps later runs fast.
set -euo pipefail
cd "$(dirname "$0")/.."
wheel=$(ls -t dist/python/*.whl 2>/dev/null | head -1 || true)
[ -n "$wheel" ] || { echo "no wheel in dist/python: run ./scripts/test.sh (or npx projen package:python) first" >&2; exit 1; }
cdk_version=$(node -p "require('aws-cdk-lib/package.json').version")
venv=.venv-python-test

started=$(date +%s)
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "$wheel" "aws-cdk-lib==$cdk_version" "pytest==8.3.4"
installed=$(date +%s)

# The TypeScript template of the same app, to compare with.
npx projen reference >/dev/null

"$venv/bin/python" -m pytest test/python -p no:cacheprovider --junitxml=test-reports/pytest.xml
finished=$(date +%s)
echo "python: fresh virtualenv and install $((installed - started)) s, tests $((finished - installed)) s"
