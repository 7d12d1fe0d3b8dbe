import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cxschema from 'aws-cdk-lib/cloud-assembly-schema';
import { ExistingIsolatedVpc, ExistingIsolatedVpcLookupOptions, IsolatedVpc, PrivateFargateService } from '../../src';
import { ENV, IMAGE, synthLikeTheCli } from '../util';

function build(options: Partial<ExistingIsolatedVpcLookupOptions> = {}) {
  const created: { vpc?: ExistingIsolatedVpc } = {};
  const builder = (app: App) => {
    const stack = new Stack(app, 'App', { env: ENV });
    const vpc = IsolatedVpc.lookupExisting(stack, 'Network', { vpcId: 'vpc-0lz', ...options });
    const service = new PrivateFargateService(stack, 'Service', { vpc, image: IMAGE });
    new sqs.Queue(stack, 'Jobs').grantSendMessages(service.taskDefinition.taskRole);
    vpc.waiveEndpoint('sqs', 'tested elsewhere');
    created.vpc = vpc;
  };
  return { builder, created };
}

describe('IsolatedVpc.lookupExisting', () => {
  const { builder, created } = build();
  const { app, passes, queries } = synthLikeTheCli(builder);
  const stack = app.node.findChild('App') as Stack;
  const template = Template.fromStack(stack);

  test('looks up the VPC first, then the endpoint identifiers, each endpoint, and the network of the interface endpoints', () => {
    expect(passes).toBe(5);
    expect(queries[0].provider).toBe(cxschema.ContextProvider.VPC_PROVIDER);
    expect(queries[1].props).toMatchObject({ typeName: 'AWS::EC2::VPCEndpoint', propertyMatch: {}, propertiesToReturn: [] });
    expect(queries.filter((q) => (q.props as any).exactIdentifier && (q.props as any).propertiesToReturn.includes('VpcId'))).toHaveLength(7);
    // Gateway endpoints have no security groups: their second read is never made.
    const second = queries.filter((q) => (q.props as any).propertiesToReturn?.includes('SecurityGroupIds')).map((q) => (q.props as any).exactIdentifier);
    expect(second.sort()).toEqual(['vpce-ecrapi', 'vpce-ecrdkr', 'vpce-logs', 'vpce-nodns', 'vpce-ssmmsg']);
  });

  test('counts the private-DNS interface endpoints of the VPC, not those of others or without private DNS', () => {
    expect([...created.vpc!.endpointNames].sort()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'ssmmessages']);
    expect(created.vpc!.explainEndpoints().find((e) => e.endpoint === 'ecr.api')?.reasons).toContain('in the VPC already (vpce-ecrapi, found by the lookup)');
  });

  test('admits the client group to the endpoints\' group it found', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: 'sg-0lz',
      FromPort: 443,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkEndpointClientSecurityGroup'), 'GroupId'] },
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
  });

  test('places the tasks in the looked-up isolated subnets and passes the checks with the found S3 gateway', () => {
    template.hasResourceProperties('AWS::ECS::Service', { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-a', 'subnet-b'] } } });
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  });
});

describe('the first passes, before the CLI answers', () => {
  test('skip the checks instead of failing them, and never count the dummy as endpoints', () => {
    const app = new App();
    const { builder, created } = build();
    builder(app);
    expect(() => app.synth()).not.toThrow();
    expect(created.vpc!.endpointNames).toEqual([]);
    Annotations.fromStack(app.node.findChild('App') as Stack).hasInfo('/App/Network', Match.stringLikeRegexp('being looked up; the checks run once the CLI has the answer'));
  });

  test('a VPC answer with no endpoints yet still fails nothing until the endpoints are answered', () => {
    const app = new App({ context: {} });
    const { builder } = build();
    builder(app);
    const missing = app.synth().manifest.missing ?? [];
    expect(missing.map((m) => m.provider)).toEqual([cxschema.ContextProvider.VPC_PROVIDER]);
  });
});

describe('lookup options', () => {
  test('lookupEndpoints: false uses only what is declared', () => {
    const { builder } = build({ lookupEndpoints: false });
    expect(() => synthLikeTheCli(builder)).toThrow(/needs the 'ecr.api' interface endpoint/);
  });

  test('the endpoint queries use the stack\'s lookup role, as the VPC lookup does', () => {
    const { builder } = build();
    const { queries } = synthLikeTheCli(builder);
    for (const q of queries) expect((q.props as any).lookupRoleArn).toMatch(/cdk-hnb659fds-lookup-role-111111111111-us-east-1$/);
  });

  test('needs a stack with an environment and something to find the VPC by', () => {
    expect(() => IsolatedVpc.lookupExisting(new Stack(new App(), 'App'), 'Network', { vpcId: 'vpc-0lz' })).toThrow(
      "IsolatedVpc.lookupExisting('Network'): the stack has no explicit account and region, which a lookup needs. Give the stack env: { account, region }.");
    expect(() => IsolatedVpc.lookupExisting(new Stack(new App(), 'App', { env: ENV }), 'Network', {})).toThrow(
      "IsolatedVpc.lookupExisting('Network'): nothing to find the VPC by. Give vpcId, vpcName or tags.");
  });
});
