// The hub's endpoint policies judged by the IAM simulator: a spoke's principal passes them for its
// own organization's (or trusted accounts') resources, and a principal of another organization or
// an untrusted account does not. Every hub endpoint policy stays under the quota.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EndpointPolicy, EndpointPreset, IsolatedVpc, SharedEndpoints } from '../../src';
import { ENDPOINT_POLICY_QUOTA } from '../../src/endpoints/policy-size';
import { concrete, decide, ME } from '../endpoints/simulator';

const ORG = 'o-a1b2c3d4e5';
const SPOKE = '222222222222';
const ALLOW_ALL = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

function hubPolicies(policy: EndpointPolicy, shareWith: string[]): Map<string, any> {
  const app = new App();
  const stack = new Stack(app, 'Hub');
  const vpc = new IsolatedVpc(stack, 'Vpc', { cidr: '10.100.0.0/16', endpoints: EndpointPreset.FARGATE, endpointPolicy: policy });
  new SharedEndpoints(stack, 'Shared', { vpc, allowedCidrs: ['10.0.0.0/12'], shareWith });
  app.synth();
  const template = Template.fromStack(stack).toJSON();
  const policies = new Map<string, any>();
  for (const r of Object.values<any>(template.Resources).filter((x) => x.Type === 'AWS::EC2::VPCEndpoint' && x.Properties.PolicyDocument)) {
    policies.set(String(concrete(r.Properties.ServiceName, template)).replace(/^com\.amazonaws\.[a-z0-9-]+\./, ''), concrete(r.Properties.PolicyDocument, template));
  }
  return policies;
}

describe('a hub shared with its organization', () => {
  const policies = hubPolicies(EndpointPolicy.organization(ORG), [`arn:aws:organizations::${ME}:organization/${ORG}`]);
  const pull = (principalAccount: string, principalOrgId: string) => decide({
    principal: `arn:aws:iam::${principalAccount}:role/task-execution`,
    action: 'ecr:BatchGetImage',
    resource: `arn:aws:ecr:us-east-1:${principalAccount}:repository/app`,
    principalOrgId,
    resourceOrgId: principalOrgId,
  }, { identity: [ALLOW_ALL], endpoints: [policies.get('ecr.dkr')] });

  test('lets a spoke\'s task pull its own image through the hub', async () => {
    expect(await pull(SPOKE, ORG)).toBe('Allowed');
  });

  test('denies a principal of another organization', async () => {
    expect(await pull('999999999999', 'o-zzzzzzzzzz')).toBe('ImplicitlyDenied');
  });

  test('every hub endpoint policy stays under the quota', () => {
    for (const [name, policy] of policies) expect([name, JSON.stringify(policy).length <= ENDPOINT_POLICY_QUOTA]).toEqual([name, true]);
  });
});

describe('a hub shared with listed accounts', () => {
  const policies = hubPolicies(EndpointPolicy.accounts([SPOKE]), [SPOKE]);
  const logs = (account: string) => decide({
    principal: `arn:aws:iam::${account}:role/task-execution`,
    action: 'logs:PutLogEvents',
    resource: `arn:aws:logs:us-east-1:${account}:log-group:app:log-stream:task`,
  }, { identity: [ALLOW_ALL], endpoints: [policies.get('logs')] });

  test('lets the listed spoke account write its logs through the hub', async () => {
    expect(await logs(SPOKE)).toBe('Allowed');
  });

  test('denies an account it was not shared with', async () => {
    expect(await logs('999999999999')).toBe('ImplicitlyDenied');
  });
});
