#!/usr/bin/env bash
# Installs the freshly built npm tarball into an empty CDK app, as a user would, and synthesizes
# an IsolatedVpc with each preset and a PrivateFargateService from it.
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=$(ls -t "$PWD"/dist/js/isolated-ecs-constructs@*.tgz 2>/dev/null | head -1 || true)
[ -n "$tarball" ] || tarball=$(ls -t "$PWD"/dist/js/*.tgz | head -1)
cdk_version=$(node -p "require('aws-cdk-lib/package.json').version")
constructs_version=$(node -p "require('constructs/package.json').version")

app=$(mktemp -d)
trap 'rm -rf "$app"' EXIT
cd "$app"
npm init -y >/dev/null
npm install --no-audit --no-fund --prefer-offline --loglevel=error "$tarball" "aws-cdk-lib@$cdk_version" "constructs@$constructs_version" >/dev/null
mkdir image && printf 'FROM public.ecr.aws/docker/library/busybox\nCMD ["busybox","sleep","3600"]\n' > image/Dockerfile
cat > app.js <<'JS'
const assert = require('assert');
const { App, Stack } = require('aws-cdk-lib');
const { Template } = require('aws-cdk-lib/assertions');
const ecs = require('aws-cdk-lib/aws-ecs');
const fs = require('fs');
const path = require('path');
const { EndpointPreset, IsolatedImage, IsolatedVpc, PrivateFargateService } = require('isolated-ecs-constructs');

const expected = { FARGATE: 6, EC2: 9, NONE: 0 };
for (const [name, count] of Object.entries(expected)) {
  const stack = new Stack(new App(), `Vpc${name}`);
  const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset[name] });
  const interfaces = Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } });
  assert.strictEqual(Object.keys(interfaces).length, count, `${name}: interface endpoints`);
  console.log(`downstream: IsolatedVpc with EndpointPreset.${name}: ${count} interface endpoints, ${vpc.isolatedSubnets.length} isolated subnets`);
}
const app = new App({ outdir: `${__dirname}/cdk.out` });
const stack = new Stack(app, 'Service');
const vpc = new IsolatedVpc(stack, 'Vpc');
new PrivateFargateService(stack, 'Service', { vpc, image: ecs.ContainerImage.fromAsset(`${__dirname}/image`) });
const template = Template.fromStack(stack);
template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 2, NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } } });
console.log('downstream: PrivateFargateService synthesized from the npm tarball');

// The cache warmer's bundle ships in the tarball: its asset is staged with the handler in it.
const cacheApp = new App({ outdir: `${__dirname}/cdk.out.cache` });
const cacheStack = new Stack(cacheApp, 'Cache');
new PrivateFargateService(cacheStack, 'Web', { vpc: new IsolatedVpc(cacheStack, 'Vpc'), image: IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1.27') });
const assembly = cacheApp.synth();
const assets = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Cache.assets.json'), 'utf8')).files;
const bundled = Object.values(assets).map((a) => path.join(assembly.directory, a.source.path, 'index.js'))
  .filter((f) => fs.existsSync(f) && fs.readFileSync(f, 'utf8').includes('is not in the cached repository'));
assert.ok(bundled.length === 1, 'the cache warmer bundle is in the package');
console.log('downstream: IsolatedImage.fromPullThroughCache synthesized, with the cache warmer bundle from the npm tarball');
JS
node app.js
