#!/usr/bin/env bash
# The Maven and Go builds, used as Java and Go teams would: a small Maven app and a small Go app
# install the freshly built package from dist/java and dist/go, synthesize the reference deployment,
# and their Resources must equal those of the TypeScript reference deployment. The user-level Maven
# (~/.m2) and Go module caches keep later runs fast.
set -euo pipefail
cd "$(dirname "$0")/.."
compgen -G 'dist/java/io/github/isolated-ecs-constructs/isolated-ecs-constructs/*/*.jar' >/dev/null \
  || { echo "no jar in dist/java: run ./scripts/test.sh (or npx projen package-all) first" >&2; exit 1; }
[ -f dist/go/isolatedecsconstructs/go.mod ] || { echo "no Go module in dist/go: run ./scripts/test.sh (or npx projen package-all) first" >&2; exit 1; }

version=$(node -p "require('./package.json').version")
image="$PWD/reference/image"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The TypeScript template of the same app, to compare with.
npx projen reference >/dev/null

started=$(date +%s)
mvn -q -B -f consumers/java/pom.xml -Dlibrary.version="$version" compile exec:java -Dexec.args="$out/java $image" >"$out/java.log" 2>&1 \
  || { cat "$out/java.log" >&2; echo "FAILED: the Java consumer app did not synthesize" >&2; exit 1; }
node scripts/consumer-compare.js Java "$out/java"
java_done=$(date +%s)

(cd consumers/go && go build -o "$out/reference-go" .) || { echo "FAILED: the Go consumer app did not build" >&2; exit 1; }
"$out/reference-go" "$out/go" "$image" >"$out/go.log" 2>&1 || { cat "$out/go.log" >&2; echo "FAILED: the Go consumer app did not synthesize" >&2; exit 1; }
node scripts/consumer-compare.js Go "$out/go"
go_done=$(date +%s)
echo "consumers: Java $((java_done - started)) s, Go $((go_done - java_done)) s"
