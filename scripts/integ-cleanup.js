// Deletes every stack of the integ tests that is still in the account after a deploy run,
// assertion stacks first (they import from the test stacks). Used by the nightly workflow with
// `if: always()`, so a failed or cancelled run leaves nothing behind. Needs the AWS CLI.
//
// GuardDuty Runtime Monitoring (when the account has it) creates a guardduty-data endpoint and a
// GuardDutyManagedSecurityGroup-<vpc> in every VPC that runs Fargate tasks. CloudFormation does not
// own them, so they keep the stack's VPC from being deleted: they are removed first.
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

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function vpcsOf(stack) {
  const resources = JSON.parse(aws('cloudformation', 'describe-stack-resources', '--stack-name', stack)).StackResources ?? [];
  return resources.filter((r) => r.ResourceType === 'AWS::EC2::VPC' && r.PhysicalResourceId).map((r) => r.PhysicalResourceId);
}

function removeGuardDutyResources(vpcId) {
  const endpoints = JSON.parse(aws('ec2', 'describe-vpc-endpoints', '--filters', `Name=vpc-id,Values=${vpcId}`,
    `Name=service-name,Values=com.amazonaws.${region}.guardduty-data`)).VpcEndpoints ?? [];
  const ids = endpoints.map((e) => e.VpcEndpointId);
  if (ids.length > 0) {
    console.log(`deleting GuardDuty endpoints ${ids.join(', ')} in ${vpcId}`);
    aws('ec2', 'delete-vpc-endpoints', '--vpc-endpoint-ids', ...ids);
  }
  const groups = JSON.parse(aws('ec2', 'describe-security-groups', '--filters', `Name=vpc-id,Values=${vpcId}`,
    'Name=group-name,Values=GuardDutyManagedSecurityGroup-*')).SecurityGroups ?? [];
  for (const group of groups) {
    // The group is in use until the endpoint's network interfaces are gone: retry for five minutes.
    for (let attempt = 1; ; attempt++) {
      try {
        aws('ec2', 'delete-security-group', '--group-id', group.GroupId);
        console.log(`deleted ${group.GroupName}`);
        break;
      } catch (e) {
        if (attempt >= 30) throw e;
        sleep(10_000);
      }
    }
  }
}

// `--guardduty-only <stack>...`: the preDestroy hook of the integ tests, run by integ-runner before
// it destroys a test's stacks; removes GuardDuty's resources from their VPCs and nothing else.
const only = process.argv.indexOf('--guardduty-only');
if (only >= 0) {
  for (const stack of process.argv.slice(only + 1)) {
    try {
      for (const vpcId of vpcsOf(stack)) removeGuardDutyResources(vpcId);
    } catch (e) {
      console.error(`GuardDuty cleanup of ${stack}: ${e.message}`);
    }
  }
  process.exit(0);
}

let failed = false;
for (const stack of ordered) {
  try {
    aws('cloudformation', 'describe-stacks', '--stack-name', stack);
  } catch {
    continue; // not there: nothing to clean
  }
  console.log(`deleting leftover stack ${stack}`);
  try {
    for (const vpcId of vpcsOf(stack)) removeGuardDutyResources(vpcId);
    aws('cloudformation', 'delete-stack', '--stack-name', stack);
    aws('cloudformation', 'wait', 'stack-delete-complete', '--stack-name', stack);
  } catch (e) {
    console.error(`could not delete ${stack}: ${e.message}`);
    failed = true;
  }
}
console.log(`integ cleanup: ${ordered.length} stacks checked in ${region}`);
process.exit(failed ? 1 : 0);
