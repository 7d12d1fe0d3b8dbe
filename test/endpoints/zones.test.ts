// Endpoint services that are not offered in every zone, with the lookup answers pre-seeded in the
// app's context as cdk.context.json would hold them (there are no credentials here).
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { EndpointPreset, IsolatedVpc } from '../../src';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const key = (service: string) => `endpoint-service-availability-zones:account=111111111111:region=us-east-1:serviceName=com.amazonaws.us-east-1.${service}`;

function vpc(offered: Record<string, string[]>, maxAzs = 3) {
  const context: Record<string, unknown> = { 'availability-zones:account=111111111111:region=us-east-1': ZONES };
  for (const service of ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages']) context[key(service)] = offered[service] ?? ZONES;
  const stack = new Stack(new App({ context }), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  return { stack, create: () => new IsolatedVpc(stack, 'Vpc', { maxAzs, subnetCidrMask: 20, lookupEndpointAvailabilityZones: true }) };
}

test('an endpoint goes only where its service is offered, with a warning that names the zone left without it', () => {
  const { stack, create } = vpc({ ssmmessages: ['us-east-1a', 'us-east-1b'] });
  create();
  const template = Template.fromStack(stack);
  const endpoints = Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }));
  const subnetsOf = (service: string) =>
    endpoints.find((e) => JSON.stringify(e.Properties.ServiceName).includes(service)).Properties.SubnetIds.length;
  expect(subnetsOf('ssmmessages')).toBe(2);
  expect(subnetsOf('ecr.api')).toBe(3);
  Annotations.fromStack(stack).hasWarning('/Stack/Vpc', Match.stringLikeRegexp(
    'the ssmmessages endpoint service is not offered in us-east-1c, so its endpoint is placed in us-east-1a, us-east-1b only. Workloads in us-east-1c reach it in another zone',
  ));
});

test('a service in none of the VPC\'s zones fails synth with the zones to choose', () => {
  const { create } = vpc({ logs: ['us-east-1c'] }, 2);
  expect(create).toThrow(
    "IsolatedVpc 'Stack/Vpc': the logs endpoint service is offered in us-east-1c only, none of the VPC's zones (us-east-1a, us-east-1b). Give availabilityZones from us-east-1c.",
  );
});

test('every zone offered: no warning', () => {
  const { stack, create } = vpc({});
  create();
  expect(Annotations.fromStack(stack).findWarning('/Stack/Vpc', Match.stringLikeRegexp('endpoint service is not offered'))).toHaveLength(0);
});

test('an environment-agnostic stack cannot look up zones', () => {
  expect(() => new IsolatedVpc(new Stack(new App(), 'Stack'), 'Vpc', { lookupEndpointAvailabilityZones: true, endpoints: EndpointPreset.FARGATE })).toThrow(
    "IsolatedVpc 'Stack/Vpc': lookupEndpointAvailabilityZones needs a stack with an explicit account and region, since it looks the zones up in that account.",
  );
});
