#!/usr/bin/env bash
# Proves the package against the aws-cdk-lib users install: the lowest version the peer dependency
# allows, and the newest 2.x on the registry. For each, a throwaway app installs the npm tarball,
# compiles the reference deployment with strict TypeScript (our typings against theirs), and
# synthesizes it, with a public image through the pull-through cache.
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=$(ls -t "$PWD"/dist/js/isolated-ecs-constructs@*.tgz 2>/dev/null | head -1 || true)
[ -n "$tarball" ] || { echo "no tarball in dist/js: run ./scripts/test.sh (or npx projen package:js) first" >&2; exit 1; }
floor=$(node -p "require('./package.json').peerDependencies['aws-cdk-lib'].replace(/^[^0-9]*/, '')")
newest=$(npm view 'aws-cdk-lib@^2' version --json | node -e "const v = JSON.parse(require('fs').readFileSync(0, 'utf8')); console.log([v].flat().pop())")
constructs_version=$(node -p "require('constructs/package.json').version")
typescript_version=$(node -p "require('typescript/package.json').version")
root=$PWD

trap 'echo "FAILED: the package with aws-cdk-lib $version" >&2' ERR
for version in "$floor" "$newest"; do
  app=$(mktemp -d)
  trap 'rm -rf "$app"' EXIT
  cd "$app"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --prefer-offline --loglevel=error "$tarball" "aws-cdk-lib@$version" "constructs@$constructs_version" \
    "typescript@$typescript_version" "@types/node@20" >/dev/null
  cp -r "$root/reference/image" image
  sed -e "s#from '../src'#from 'isolated-ecs-constructs'#" -e "s#__dirname, 'image'#__dirname, '..', 'image'#" \
    "$root/reference/reference-stack.ts" > reference-stack.ts
  cat > main.ts <<'TS'
import * as assert from 'assert';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IsolatedImage, IsolatedVpc, PrivateFargateService } from 'isolated-ecs-constructs';
import { ReferenceStack } from './reference-stack';

const app = new App({ outdir: 'cdk.out' });
const reference = new ReferenceStack(app, 'Reference');
const cache = new Stack(app, 'Cache');
new PrivateFargateService(cache, 'Web', { vpc: new IsolatedVpc(cache, 'Vpc'), image: IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1.27') });
app.synth();
const template = Template.fromStack(reference);
template.resourceCountIs('AWS::ECS::Service', 1);
template.resourceCountIs('AWS::EC2::InternetGateway', 0);
assert.strictEqual(Object.keys(template.findResources('AWS::EC2::VPCEndpoint')).length, reference.vpc.endpointNames.length + 1);
Template.fromStack(cache).resourceCountIs('AWS::ECR::PullThroughCacheRule', 1);
console.log(`compat: aws-cdk-lib ${require('aws-cdk-lib/package.json').version}: strict compile and synth of the reference deployment passed`);
TS
  npx tsc --strict --esModuleInterop --skipLibCheck false --types node --target ES2022 --module node16 --moduleResolution node16 --outDir out main.ts reference-stack.ts
  node out/main.js
  cd "$root"
  rm -rf "$app"
done
