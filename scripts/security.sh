#!/usr/bin/env bash
# Installs the pinned cfn-lint and checkov into their own virtualenv (pip's cache keeps later runs
# fast), then runs `npx projen security`: cdk-nag, cfn-lint and checkov over every integ stack.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-security
if ! "$venv/bin/cfn-lint" --version 2>/dev/null | grep -q '1.58.0' || ! "$venv/bin/checkov" --version 2>/dev/null | grep -q '3.3.30'; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check cfn-lint==1.58.0 checkov==3.3.30
fi
PATH="$PWD/$venv/bin:$PATH" npx projen security
