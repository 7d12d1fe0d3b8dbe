// Deletes every stack of the integ tests that is still in the account after a deploy run,
// assertion stacks first (they import from the test stacks). Used by the nightly workflow with
// `if: always()`, so a failed or cancelled run leaves nothing behind. Needs the AWS CLI.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const integDir = path.join(__dirname, '..', 'integ');
const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';

function aws(...args) {
  return execFileSync('aws', [...args, '--region', region, '--output', 'json'], { encoding: 'utf8' });
}

function stacksOf(snapshot) {
  const manifest = JSON.parse(fs.readFileSync(path.join(integDir, snapshot, 'manifest.json'), 'utf8'));
  return Object.entries(manifest.artifacts ?? {})
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => a.properties?.stackName ?? a.displayName ?? id);
}

const stacks = fs.readdirSync(integDir).filter((d) => d.endsWith('.snapshot')).flatMap(stacksOf);
const ordered = [...stacks.filter((s) => /DeployAssert/.test(s)), ...stacks.filter((s) => !/DeployAssert/.test(s))];
let failed = false;
for (const stack of ordered) {
  try {
    aws('cloudformation', 'describe-stacks', '--stack-name', stack);
  } catch {
    continue; // not there: nothing to clean
  }
  console.log(`deleting leftover stack ${stack}`);
  try {
    aws('cloudformation', 'delete-stack', '--stack-name', stack);
    aws('cloudformation', 'wait', 'stack-delete-complete', '--stack-name', stack);
  } catch (e) {
    console.error(`could not delete ${stack}: ${e.message}`);
    failed = true;
  }
}
console.log(`integ cleanup: ${ordered.length} stacks checked in ${region}`);
process.exit(failed ? 1 : 0);
