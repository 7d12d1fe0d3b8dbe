#!/usr/bin/env bash
# The main job: synthesizes the reference deployment into cdk.out/reference and prints its summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
npx projen reference
