import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53profiles from 'aws-cdk-lib/aws-route53profiles';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { EndpointPolicy, EndpointPreset, IsolatedVpc, IsolatedVpcProps, PrivateFargateService, SharedEndpoints, SharedEndpointsProps } from '../../src';
import { breakEvenSpokes, centralCost } from '../../src/shared/cost';
import { ENV, IMAGE } from '../util';

const TGW = 'tgw-0123456789abcdef0';
const FARGATE = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages'];

function hubApp(props: Partial<SharedEndpointsProps> = {}, policy = EndpointPolicy.accounts(['222222222222'])) {
  const app = new App();
  const hubStack = new Stack(app, 'Hub', { env: ENV });
  const hubVpc = new IsolatedVpc(hubStack, 'Vpc', { cidr: '10.100.0.0/16', endpointPolicy: policy });
  const shared = new SharedEndpoints(hubStack, 'Shared', { vpc: hubVpc, allowedCidrs: ['10.0.0.0/12'], shareWith: ['222222222222'], transitGatewayId: TGW, ...props });
  return { app, hubStack, hubVpc, shared };
}

function spokeOf(app: App, reference: IsolatedVpcProps['sharedEndpoints'], props: Partial<IsolatedVpcProps> = {}) {
  const stack = new Stack(app, 'Spoke', { env: ENV });
  const vpc = new IsolatedVpc(stack, 'Vpc', { cidr: '10.1.0.0/16', endpoints: EndpointPreset.AUTO, sharedEndpoints: reference, ...props });
  return { stack, vpc };
}

describe('the hub', () => {
  const { app, hubStack, shared } = hubApp();
  app.synth();
  const template = Template.fromStack(hubStack);

  test('puts every interface endpoint of the hub VPC in a Route 53 Profile', () => {
    expect(shared.services).toEqual(FARGATE);
    template.resourceCountIs('AWS::Route53Profiles::Profile', 1);
    template.resourceCountIs('AWS::Route53Profiles::ProfileResourceAssociation', 6);
    template.hasResourceProperties('AWS::Route53Profiles::ProfileResourceAssociation', {
      ProfileId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SharedProfile'), 'Id'] },
      ResourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:111111111111:vpc-endpoint/', { Ref: Match.stringLikeRegexp('^VpcEcrApiEndpoint') }]] },
    });
  });

  test('shares the Profile through RAM', () => {
    template.hasResourceProperties('AWS::RAM::ResourceShare', {
      ResourceArns: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^SharedProfile'), 'Arn'] }],
      Principals: ['222222222222'],
      AllowExternalPrincipals: true,
    });
  });

  test('admits the spokes\' blocks on 443 and routes them through the transit gateway after the attachment', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface VPC endpoints: HTTPS from endpoint clients only',
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.0.0.0/12', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' })],
    });
    template.hasResourceProperties('AWS::EC2::TransitGatewayVpcAttachment', { TransitGatewayId: TGW, SubnetIds: Match.arrayWith([{ Ref: Match.anyValue() }]) });
    const routes = template.findResources('AWS::EC2::Route', { Properties: { TransitGatewayId: TGW, DestinationCidrBlock: '10.0.0.0/12' } });
    expect(Object.keys(routes)).toHaveLength(2);
    for (const route of Object.values<any>(routes)) expect(route.DependsOn).toEqual([expect.stringMatching(/^SharedAttachment/)]);
  });

  test('lets the spokes\' tasks pull the GuardDuty agent and AWS for Fluent Bit, though it runs no workloads', () => {
    const ecrDkr = Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { ServiceName: 'com.amazonaws.us-east-1.ecr.dkr' } }))[0];
    const sids = ecrDkr.Properties.PolicyDocument.Statement.map((s: any) => s.Sid);
    expect(sids).toEqual(expect.arrayContaining(['TrustedPrincipalsPullGuardDutyAgent', 'TrustedPrincipalsPullAwsForFluentBit']));
  });

  test('gives spokes a reference of literal service names', () => {
    expect(shared.reference).toEqual({
      profileId: shared.profileId, services: FARGATE, hubCidr: '10.100.0.0/16', transitGatewayId: TGW, awsOwnedImages: true, guardDutyAgent: true,
    });
  });

  test('says what it costs', () => {
    Annotations.fromStack(hubStack).hasInfo('/Hub/Shared', Match.stringLikeRegexp(
      'shares 6 interface endpoints \\(ecr.api, ecr.dkr, logs, secretsmanager, ssm, ssmmessages\\) in 2 AZs, \\$87.60 a month for the hub\'s endpoints '
      + 'and \\$36.50 for its transit gateway attachment; each spoke saves \\$87.60 of endpoints and pays \\$36.50 for its attachment'));
  });

  test('adds the endpoints to a Profile the user names instead of creating one', () => {
    const named = hubApp({ profileId: 'rp-0123456789abcdef', shareWith: [] });
    const t = Template.fromStack(named.hubStack);
    t.resourceCountIs('AWS::Route53Profiles::Profile', 0);
    t.hasResourceProperties('AWS::Route53Profiles::ProfileResourceAssociation', { ProfileId: 'rp-0123456789abcdef' });
  });

  test('associates its attachment with a transit gateway route table the user gives', () => {
    const routed = hubApp({ transitGatewayRouteTableId: 'tgw-rtb-0123456789abcdef0' });
    const t = Template.fromStack(routed.hubStack);
    t.hasResourceProperties('AWS::EC2::TransitGatewayRouteTableAssociation', { TransitGatewayRouteTableId: 'tgw-rtb-0123456789abcdef0' });
    t.hasResourceProperties('AWS::EC2::TransitGatewayRouteTablePropagation', { TransitGatewayRouteTableId: 'tgw-rtb-0123456789abcdef0' });
  });
});

describe('a spoke', () => {
  const { app, shared } = hubApp();
  const { stack, vpc } = spokeOf(app, shared.reference);
  const service = new PrivateFargateService(stack, 'Service', { vpc, image: IMAGE });
  new sqs.Queue(stack, 'Jobs').grantSendMessages(service.taskDefinition.taskRole);
  app.synth();
  const template = Template.fromStack(stack);

  test('is associated with the hub\'s Profile, attached to the transit gateway, and routes the hub\'s block there', () => {
    template.hasResourceProperties('AWS::Route53Profiles::ProfileAssociation', { ProfileId: { 'Fn::ImportValue': Match.anyValue() }, ResourceId: { Ref: Match.stringLikeRegexp('^Vpc') } });
    template.hasResourceProperties('AWS::EC2::TransitGatewayVpcAttachment', { TransitGatewayId: TGW });
    expect(Object.keys(template.findResources('AWS::EC2::Route', { Properties: { DestinationCidrBlock: '10.100.0.0/16', TransitGatewayId: TGW } }))).toHaveLength(2);
  });

  test('creates locally only what the hub lacks, and keeps the S3 gateway', () => {
    const interfaces = Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }));
    expect(interfaces.map((r) => r.Properties.ServiceName)).toEqual(['com.amazonaws.us-east-1.sqs']);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] } });
    expect(vpc.hasEndpoint(ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER)).toBe(true);
    expect(vpc.findEndpoint(ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER)).toBeUndefined();
  });

  test('explains which endpoints come from the hub, and the summary counts only its own', () => {
    expect(vpc.explainEndpoints().find((e) => e.endpoint === 'ssmmessages')?.reasons).toContain('served by the hub (the hub\'s Route 53 Profile)');
    expect(vpc.estimateMonthlyEndpointCost()).toBe(14.6);
    Annotations.fromStack(stack).hasInfo('/Spoke/Vpc', Match.stringLikeRegexp(
      '1 interface endpoints \\(sqs\\) in 2 AZs cost \\$14.60 a month .* 6 more from the hub \\(ecr.api, ecr.dkr, logs, secretsmanager, ssm, ssmmessages\\), '
      + 'which would cost \\$87.60 a month here; the transit gateway attachment costs \\$36.50 a month'));
  });

  test('a local endpoint for a shared service is refused', () => {
    expect(() => vpc.addEndpoint(ec2.InterfaceVpcEndpointAwsService.ECR)).toThrow(
      "IsolatedVpc 'Spoke/Vpc': 'ecr.api' is served by the hub's shared endpoints (the hub's Route 53 Profile): a local endpoint with private DNS for it "
      + "would fail at deploy, since the name already resolves to the hub. Leave it to the hub, or remove it from the hub's services.");
  });
});

describe('what a spoke needs of the hub\'s perimeter', () => {
  test('an image of another account: a warning, and the statements in the network request', () => {
    const { app, shared } = hubApp();
    const { stack, vpc } = spokeOf(app, shared.reference);
    new PrivateFargateService(stack, 'Service', { vpc, image: ecs.ContainerImage.fromRegistry('333333333333.dkr.ecr.us-east-1.amazonaws.com/shared:1') });
    app.synth();
    Annotations.fromStack(stack).hasWarning('/Spoke/Vpc', "IsolatedVpc 'Spoke/Vpc': its workloads need the hub (the hub's Route 53 Profile) to let through "
      + "pulls of 333333333333/shared through its ECR endpoints, which the hub's reference does not declare, so a data perimeter on the hub may deny them. "
      + "Ask the hub's owner for the statements vpc.networkRequest() lists (SharedEndpoints otherAccountRepositories covers other accounts' images). "
      + '[ack: isolated-ecs-constructs:hub-exceptions]');
    const request = JSON.parse(vpc.networkRequest());
    expect(request.endpointPolicyStatements.map((e: any) => e.endpoint)).toEqual(['ecr.api', 'ecr.dkr']);
    expect(JSON.stringify(request.endpointPolicyStatements[1].statements)).toContain('333333333333:repository/shared');
  });

  test('the agent and AWS-owned images the hub declares need nothing more', () => {
    const { app, shared } = hubApp();
    const { stack, vpc } = spokeOf(app, shared.reference);
    new PrivateFargateService(stack, 'Service', { vpc, image: IMAGE });
    app.synth();
    Annotations.fromStack(stack).hasNoWarning('/Spoke/Vpc', Match.stringLikeRegexp('to let through'));
  });
});

describe('a spoke under a fixed preset', () => {
  test('names the missing endpoint and both fixes: the hub, or locally', () => {
    const { app, shared } = hubApp();
    const { stack, vpc } = spokeOf(app, shared.reference, { endpoints: EndpointPreset.NONE });
    const service = new PrivateFargateService(stack, 'Service', { vpc, image: IMAGE });
    new sqs.Queue(stack, 'Jobs').grantSendMessages(service.taskDefinition.taskRole);
    expect(() => app.synth()).toThrow(/IsolatedVpc 'Spoke\/Vpc' \(preset NONE, and the hub's shared endpoints\) has none, so those calls hang until they time out\. Add it: vpc\.addEndpoint\(ec2\.InterfaceVpcEndpointAwsService\.SQS\), .* Or add it to the hub's services \(SharedEndpoints services\), for every spoke\./);
  });

  test('that already has the Profile (a landing zone\'s) is not associated again; a second association is an error', () => {
    const { app, shared } = hubApp();
    const { stack } = spokeOf(app, shared.reference, { associateSharedEndpointsProfile: false, endpoints: EndpointPreset.NONE });
    Template.fromStack(stack).resourceCountIs('AWS::Route53Profiles::ProfileAssociation', 0);
    const twice = hubApp();
    const spoke = spokeOf(twice.app, twice.shared.reference, { endpoints: EndpointPreset.NONE });
    new route53profiles.CfnProfileAssociation(spoke.stack, 'Other', { name: 'other', profileId: 'rp-0other', resourceId: spoke.vpc.vpcId });
    expect(() => twice.app.synth()).toThrow(/IsolatedVpc 'Spoke\/Vpc': 2 Route 53 Profile associations \('Spoke\/Vpc\/SharedEndpointsProfileAssociation', 'Spoke\/Other'\), but a VPC takes one Profile/);
  });
});

describe('wrong values for a hub and its spokes', () => {
  test('an organization-wide allowedCidrs that holds the hub\'s block is taken, and admits and routes the spokes', () => {
    const { app, hubStack, shared } = hubApp({ allowedCidrs: ['10.0.0.0/8'] });
    spokeOf(app, shared.reference);
    app.synth();
    Template.fromStack(hubStack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIp: '10.0.0.0/8', FromPort: 443 })]),
    });
    Template.fromStack(hubStack).hasResourceProperties('AWS::EC2::Route', { DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: TGW });
  });

  test('IDs of the wrong kind are refused, naming what they are', () => {
    expect(() => hubApp({ transitGatewayId: 'tgw-attach-0123456789abcdef0' })).toThrow("SharedEndpoints 'Hub/Shared': transitGatewayId "
      + "'tgw-attach-0123456789abcdef0' is a transit gateway attachment ID, not a transit gateway ID. Give a transit gateway ID, such as 'tgw-0123456789abcdef0'.");
    expect(() => hubApp({ transitGatewayRouteTableId: 'tgw-0123' })).toThrow("SharedEndpoints 'Hub/Shared': transitGatewayRouteTableId 'tgw-0123' is a "
      + "transit gateway ID, not a transit gateway route table ID. Give a transit gateway route table ID, such as 'tgw-rtb-0123456789abcdef0'.");
    expect(() => hubApp({ profileId: 'landing-zone-profile', shareWith: [] })).toThrow("SharedEndpoints 'Hub/Shared': profileId 'landing-zone-profile' "
      + "is not a Route 53 Profile ID. Give a Route 53 Profile ID, such as 'rp-0123456789abcdef'.");
    const { app, shared } = hubApp();
    expect(() => spokeOf(app, { ...shared.reference, transitGatewayId: 'tgw-attach-0abc' })).toThrow("IsolatedVpc 'Spoke/Vpc': sharedEndpoints: "
      + "transitGatewayId 'tgw-attach-0abc' is a transit gateway attachment ID, not a transit gateway ID. Give a transit gateway ID, such as 'tgw-0123456789abcdef0'.");
  });

  test('a transit gateway route table without a transit gateway does nothing, and is refused', () => {
    expect(() => hubApp({ transitGatewayId: undefined, transitGatewayRouteTableId: 'tgw-rtb-0123456789abcdef0' })).toThrow(
      "SharedEndpoints 'Hub/Shared': transitGatewayRouteTableId is given without transitGatewayId, so there is no attachment to associate with it and it "
      + "would do nothing. Give the transit gateway too (transitGatewayId: 'tgw-...'), or leave transitGatewayRouteTableId out.");
  });

  test('sharing with an organization the hub does not trust is refused', () => {
    const org = 'arn:aws:organizations::111111111111:organization/o-other12345';
    expect(() => hubApp({ shareWith: [org] }, EndpointPolicy.organization('o-a1b2c3d4e5'))).toThrow(
      `SharedEndpoints 'Hub/Shared': shareWith holds the organization '${org}' of another organization than o-a1b2c3d4e5, the one the hub's endpoints `
      + 'trust, so every request of its spokes would be denied. Share within the trusted organization, or trust the other one: '
      + "endpointPolicy: EndpointPolicy.organization('o-other12345') on the hub VPC.");
    expect(() => hubApp({ shareWith: ['arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5'] }, EndpointPolicy.organization('o-a1b2c3d4e5'))).not.toThrow();
  });

  test('a spoke of the same app outside allowedCidrs, in another Region, or of an untrusted account is refused', () => {
    const { app, shared } = hubApp();
    expect(() => spokeOf(app, shared.reference, { cidr: '172.16.0.0/16' })).toThrow("IsolatedVpc 'Spoke/Vpc': sharedEndpoints: this spoke's cidr "
      + "'172.16.0.0/16' is outside the hub's allowedCidrs ('10.0.0.0/12'), so the hub's endpoint group drops its traffic and the hub routes nothing back. "
      + "Add the block to the hub's allowedCidrs, or give the spoke a block inside them.");
    const elsewhere = hubApp();
    expect(() => new IsolatedVpc(new Stack(elsewhere.app, 'Spoke', { env: { ...ENV, region: 'eu-west-1' } }), 'Vpc', {
      cidr: '10.1.0.0/16', availabilityZones: ['eu-west-1a'], sharedEndpoints: elsewhere.shared.reference,
    })).toThrow("IsolatedVpc 'Spoke/Vpc': sharedEndpoints: the hub 'Hub/Shared' is in us-east-1, but this spoke is in eu-west-1: a Route 53 Profile and "
      + 'a transit gateway attachment serve their own Region only. Put the spoke in us-east-1, or give eu-west-1 a hub of its own.');
    const stranger = hubApp();
    expect(() => new IsolatedVpc(new Stack(stranger.app, 'Spoke', { env: { ...ENV, account: '333333333333' } }), 'Vpc', {
      cidr: '10.1.0.0/16', sharedEndpoints: stranger.shared.reference,
    })).toThrow("IsolatedVpc 'Spoke/Vpc': sharedEndpoints: the hub 'Hub/Shared' trusts accounts 222222222222 and its own account 111111111111 only, so the "
      + "endpoints would deny every request of this spoke's account 333333333333. Trust it on the hub VPC: endpointPolicy: "
      + "EndpointPolicy.accounts(['333333333333', ...]), or EndpointPolicy.organization('o-...').");
  });
});

describe('bad input', () => {
  test('allowedCidrs inside the hub', () => {
    expect(() => hubApp({ allowedCidrs: ['10.100.128.0/17'] })).toThrow(
      "SharedEndpoints 'Hub/Shared': allowedCidrs holds '10.100.128.0/17', which lies inside the hub's own cidr '10.100.0.0/16': no spoke could be in it, "
      + "and it could never be routed to. Give the spokes' blocks, outside the hub's or holding it (such as '10.0.0.0/8').");
    expect(() => hubApp({ allowedCidrs: ['10.100.0.0/16'] })).toThrow(/allowedCidrs holds '10.100.0.0\/16', which lies inside the hub's own cidr/);
    expect(() => hubApp({ allowedCidrs: ['10.0.0/8'] })).toThrow("SharedEndpoints 'Hub/Shared': allowedCidrs holds '10.0.0/8', which is not an IPv4 CIDR block. Write blocks as '10.0.0.0/8'.");
  });

  test('a spoke range overlapping the hub', () => {
    const { app, shared } = hubApp();
    expect(() => spokeOf(app, shared.reference, { cidr: '10.100.0.0/16' })).toThrow(
      "IsolatedVpc 'Spoke/Vpc': sharedEndpoints: hubCidr '10.100.0.0/16' overlaps the spoke's cidr '10.100.0.0/16', so the spoke could never route to the hub. "
      + "Give the spoke a block of its own, such as '10.1.0.0/16'.");
  });

  test('shareWith values that are not accounts, OUs or organizations', () => {
    expect(() => hubApp({ shareWith: ['my-team'] })).toThrow(
      "SharedEndpoints 'Hub/Shared': shareWith holds 'my-team', which is not an account ID (12 digits), an OU ARN (arn:aws:organizations::<management account>:ou/o-<id>/ou-<id>) "
      + 'or an organization ARN (arn:aws:organizations::<management account>:organization/o-<id>).');
  });

  test('sharing with accounts or an OU the hub\'s perimeter does not trust', () => {
    expect(() => hubApp({ shareWith: ['333333333333'] })).toThrow(
      "SharedEndpoints 'Hub/Shared': shareWith holds account 333333333333, but the hub's endpoints trust accounts 222222222222 and the hub's own account only, "
      + "so that account's tasks would be denied at the endpoints. Trust it: endpointPolicy: EndpointPolicy.accounts(['333333333333', ...]) on the hub VPC, "
      + "or EndpointPolicy.organization('o-...').");
    const ou = 'arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56';
    expect(() => hubApp({ shareWith: [ou] })).toThrow(/shareWith holds an OU 'arn:aws:organizations::123456789012:ou\/o-a1b2c3d4e5\/ou-ab12-cd34ef56', but the hub's endpoints trust accounts only/);
    const org = hubApp({ shareWith: [ou] }, EndpointPolicy.organization('o-a1b2c3d4e5'));
    Template.fromStack(org.hubStack).hasResourceProperties('AWS::RAM::ResourceShare', { Principals: [ou], AllowExternalPrincipals: false });
  });

  test('a spoke listing services the hub does not have', () => {
    const { app, shared } = hubApp();
    expect(() => spokeOf(app, { ...shared.reference, services: [...shared.services, 'sqs'] })).toThrow(
      "IsolatedVpc 'Spoke/Vpc': sharedEndpoints lists 'sqs', which hub 'Hub/Shared' does not serve (it serves ecr.api, ecr.dkr, logs, secretsmanager, ssm, ssmmessages). "
      + "Pass the hub's reference as it is (sharedEndpoints: hub.reference), or add the services to the hub.");
  });

  test('a reference whose services are unresolved tokens', () => {
    const app = new App();
    const ref = { profileId: 'rp-0123456789abcdef', services: [new Stack(app, 'X').resolve('ecr.api') as string, '${Token[TOKEN.1]}'], hubCidr: '10.100.0.0/16' };
    expect(() => spokeOf(app, ref)).toThrow(
      "IsolatedVpc 'Spoke/Vpc': sharedEndpoints: services '${Token[TOKEN.1]}' is not a literal short name, such as 'ecr.api': the spoke decides at synth which endpoints "
      + 'it needs locally, so the names cannot be deploy-time values.');
  });

  test('an AUTO hub with no workloads has nothing to share', () => {
    const app = new App();
    const stack = new Stack(app, 'Hub', { env: ENV });
    const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO });
    expect(() => new SharedEndpoints(stack, 'Shared', { vpc, allowedCidrs: ['10.1.0.0/16'] })).toThrow(
      "SharedEndpoints 'Hub/Shared': hub VPC 'Hub/Vpc' has no interface endpoints to share (preset AUTO: a hub runs no workloads, so EndpointPreset.AUTO derives none). "
      + 'Give it a fixed preset, such as endpoints: EndpointPreset.FARGATE, or list services.');
  });

  test('sharing an existing Profile is its owner\'s', () => {
    expect(() => hubApp({ profileId: 'rp-0123456789abcdef' })).toThrow(/shareWith shares the Profile, but profileId names an existing Profile, which its owner shares/);
  });
});

describe('cost', () => {
  test('per-VPC against central, with attachments and transit gateway data', () => {
    expect(centralCost({ endpoints: 8, azs: 3, spokes: 20 })).toEqual({
      perVpcMonthly: 175.2, hubMonthly: 175.2, attachmentMonthly: 36.5, perVpcTotal: 3504, centralTotal: 941.7, profileIncluded: false,
    });
    expect(centralCost({ endpoints: 8, azs: 3, spokes: 20, gbPerSpoke: 100, profileAssociationHourly: 0.01 }).centralTotal).toBe(941.7 + 40 + 146);
  });

  test('break-even: few endpoints in few zones need more spokes, and one endpoint-zone never pays for an attachment', () => {
    // 8 x 3: 175.20 a VPC; hub 175.20 + 36.50 per attachment, hub's included: 2 spokes cost 284.70 against 350.40.
    expect(breakEvenSpokes({ endpoints: 8, azs: 3 })).toBe(2);
    // 4 x 2: 58.40 a VPC saves 21.90 over its attachment, which pays the hub's 94.90 from 5 spokes.
    expect(breakEvenSpokes({ endpoints: 4, azs: 2 })).toBe(5);
    expect(breakEvenSpokes({ endpoints: 2, azs: 1 })).toBeUndefined();
  });
});
