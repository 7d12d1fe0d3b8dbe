import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ExistingIsolatedVpc, ExistingIsolatedVpcProps, IsolatedVpc, PrivateFargateService } from '../../src';
import { ENV, IMAGE, S } from '../util';

const BASICS = [S.ECR, S.ECR_DOCKER, S.CLOUDWATCH_LOGS, S.SSM_MESSAGES];

// A landing zone's VPC as a platform team hands it over: two isolated subnets and, with `private`, two whose default route goes to a transit gateway.
function rawVpc(stack: Stack, options: { private?: boolean; public?: boolean } = {}): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Raw', {
    vpcId: 'vpc-0abc',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    isolatedSubnetIds: ['subnet-i1', 'subnet-i2'],
    isolatedSubnetRouteTableIds: ['rtb-i1', 'rtb-i2'],
    isolatedSubnetIpv4CidrBlocks: ['10.0.0.0/24', '10.0.1.0/24'],
    ...(options.private ? { privateSubnetIds: ['subnet-p1', 'subnet-p2'], privateSubnetRouteTableIds: ['rtb-p1', 'rtb-p2'] } : {}),
    ...(options.public ? { publicSubnetIds: ['subnet-u1', 'subnet-u2'] } : {}),
  });
}

function adopt(props: Partial<ExistingIsolatedVpcProps> = {}, stackEnv = ENV) {
  const app = new App();
  const stack = new Stack(app, 'App', { env: stackEnv });
  const vpc = IsolatedVpc.fromExistingVpc(stack, 'Network', {
    vpc: props.vpc ?? rawVpc(stack),
    endpoints: BASICS,
    gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.S3],
    endpointSecurityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'EndpointGroup', 'sg-0endpoints'),
    ...props,
  });
  return { app, stack, vpc };
}

function serviceWithQueue(stack: Stack, vpc: ExistingIsolatedVpc): PrivateFargateService {
  const service = new PrivateFargateService(stack, 'Service', { vpc, image: IMAGE });
  new sqs.Queue(stack, 'Jobs').grantSendMessages(service.taskDefinition.taskRole);
  return service;
}

describe('a VPC with every endpoint the service needs', () => {
  const { stack, vpc } = adopt({ endpoints: [...BASICS, S.SQS] });
  serviceWithQueue(stack, vpc);
  const template = Template.fromStack(stack);

  test('PrivateFargateService runs in it, in its isolated subnets, with no public IP', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: ['subnet-i1', 'subnet-i2'] } },
    });
  });

  test('creates no endpoint: the VPC has them', () => {
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(vpc.endpointNames).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'ssmmessages', 'sqs']);
    expect(vpc.hasEndpoint(S.SQS)).toBe(true);
  });

  test('admits its client group to the platform\'s endpoint group on 443, in the adopting stack', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: 'sg-0endpoints',
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkEndpointClientSecurityGroup'), 'GroupId'] },
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: { SecurityGroups: Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkEndpointClientSecurityGroup'), 'GroupId'] }]) } },
    });
  });

  test('asks the owner only for the statements the perimeter cannot express without it', () => {
    const request = JSON.parse(vpc.networkRequest());
    expect(request.vpcId).toBe('vpc-0abc');
    expect(request.interfaceEndpoints).toEqual([]);
    expect(request.gatewayEndpoints).toEqual([]);
    expect(request.securityGroupRules).toEqual([]);
    expect(request.endpointPolicyStatements.map((e: any) => e.endpoint)).toEqual(['ecr.api', 'ecr.dkr']);
    expect(request.endpointPolicyStatements[0].statements[0].Resource).toBe('arn:aws:ecr:us-east-1:593207742271:repository/aws-guardduty-agent-fargate');
  });

  test('explains where each endpoint comes from', () => {
    const why = vpc.explainEndpoints();
    expect(why.find((e) => e.endpoint === 'sqs')).toEqual({
      endpoint: 'sqs', present: true, reasons: [expect.stringContaining('may sqs:SendMessage'), 'in the VPC already (declared)'],
    });
    expect(why.find((e) => e.endpoint === 's3')?.reasons).toEqual(['always: ECR keeps image layers in S3', 'in the VPC already (declared)']);
  });
});

describe('a VPC that lacks what a workload needs', () => {
  test('fails synth naming the endpoint, the workload, why, and both fixes', () => {
    const { app, stack, vpc } = adopt();
    serviceWithQueue(stack, vpc);
    expect(() => app.synth()).toThrow(
      "Task role 'App/Service/TaskRole' of PrivateFargateService 'App/Service' may sqs:SendMessage, sqs:GetQueueAttributes, sqs:GetQueueUrl on 'App/Jobs', "
      + "so its code calls sqs, which needs the 'sqs' interface endpoint (SQS: the application sends, receives and deletes queue messages). "
      + "ExistingIsolatedVpc 'App/Network' (vpc-0abc, owned outside this app) has none, so those calls hang until they time out. "
      + "Ask the network's owner for an interface endpoint for com.amazonaws.us-east-1.sqs with private DNS on, in the task subnets "
      + '(vpc.networkRequest() lists it with everything else to ask for), or let this stack create it: createMissingEndpoints: true '
      + '(service control policies often deny ec2:CreateVpcEndpoint to application accounts). '
      + "If the code reaches sqs another way: vpc.waiveEndpoint('sqs', 'how it gets there').",
    );
    const request = JSON.parse(vpc.networkRequest());
    expect(request.interfaceEndpoints).toEqual([{
      serviceName: 'com.amazonaws.us-east-1.sqs',
      privateDnsEnabled: true,
      subnetIds: ['subnet-i1', 'subnet-i2'],
      neededBy: ["task role 'App/Service/TaskRole' of PrivateFargateService 'App/Service' may sqs:SendMessage, sqs:GetQueueAttributes, sqs:GetQueueUrl on 'App/Jobs'"],
    }]);
  });

  test('names ECS Exec\'s endpoint for a service with Exec', () => {
    const { app, stack, vpc } = adopt({ endpoints: [S.ECR, S.ECR_DOCKER, S.CLOUDWATCH_LOGS] });
    new PrivateFargateService(stack, 'Service', { vpc, image: IMAGE });
    expect(() => app.synth()).toThrow(/has ECS Exec enabled, which needs the 'ssmmessages' interface endpoint .* ExistingIsolatedVpc 'App\/Network' \(vpc-0abc, owned outside this app\) has none/);
  });

  test('a waiver and a declaration work as in an IsolatedVpc', () => {
    const { app, stack, vpc } = adopt();
    serviceWithQueue(stack, vpc);
    vpc.waiveEndpoint('sqs', 'a proxy in the inspection VPC');
    expect(() => app.synth()).not.toThrow();
    const other = adopt();
    const service = new PrivateFargateService(other.stack, 'Service', { vpc: other.vpc, image: IMAGE });
    other.vpc.declareCalls(service, ['sns:Publish'], 'an assumed role publishes');
    expect(() => other.app.synth()).toThrow(/declared: an assumed role publishes|its code calls sns/);
  });

  test('an S3 gateway that is not declared is an error: image layers come from S3', () => {
    const { app, stack, vpc } = adopt({ gatewayEndpoints: [] });
    new PrivateFargateService(stack, 'Service', { vpc, image: IMAGE });
    expect(() => app.synth()).toThrow("ExistingIsolatedVpc 'App/Network': its workloads pull images from ECR, whose layers come from S3, "
      + 'but no s3 gateway endpoint is declared for the VPC, so tasks stop in PENDING with CannotPullContainerError. '
      + "If the VPC has one on the task subnets' route tables, declare it: gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.S3]; "
      + "otherwise ask the network's owner for it (vpc.networkRequest() lists it), or let this stack create it: createMissingEndpoints: true.");
    expect(JSON.parse(vpc.networkRequest()).gatewayEndpoints).toEqual([{
      serviceName: 'com.amazonaws.us-east-1.s3',
      routeTableIds: ['rtb-i1', 'rtb-i2'],
      neededBy: ['every task that pulls an image from ECR: image layers come from S3'],
    }]);
  });
});

describe('createMissingEndpoints', () => {
  const { stack, vpc } = adopt({ endpoints: [S.ECR, S.ECR_DOCKER, S.CLOUDWATCH_LOGS], gatewayEndpoints: [], createMissingEndpoints: true });
  serviceWithQueue(stack, vpc);
  const template = Template.fromStack(stack);

  test('creates exactly what the workloads need and the VPC lacks, with the perimeter', () => {
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 3);
    for (const name of ['ssmmessages', 'sqs']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcId: 'vpc-0abc',
        VpcEndpointType: 'Interface',
        ServiceName: `com.amazonaws.us-east-1.${name}`,
        PrivateDnsEnabled: true,
        SubnetIds: ['subnet-i1', 'subnet-i2'],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'TrustedPrincipalsToTrustedResources' })]) },
      });
    }
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      RouteTableIds: ['rtb-i1', 'rtb-i2'],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: Match.anyValue() })]) },
    });
  });

  test('the service waits for the endpoints it needs', () => {
    const services = template.findResources('AWS::ECS::Service');
    const dependsOn = Object.values(services)[0].DependsOn as string[];
    expect(dependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^NetworkSqsEndpoint/), expect.stringMatching(/^NetworkS3Endpoint/)]));
  });

  test('its own endpoints admit the client group', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface VPC endpoints of an adopting stack: HTTPS from endpoint clients only',
      SecurityGroupIngress: [Match.objectLike({ FromPort: 443, SourceSecurityGroupId: Match.anyValue() })],
    });
  });

  test('never creates a centrally served endpoint', () => {
    const central = adopt({
      centralEndpoints: [S.SQS, S.SSM_MESSAGES], endpoints: [S.ECR, S.ECR_DOCKER, S.CLOUDWATCH_LOGS], createMissingEndpoints: true,
    });
    serviceWithQueue(central.stack, central.vpc);
    const t = Template.fromStack(central.stack);
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(central.vpc.hasEndpoint(S.SQS)).toBe(true);
    expect(central.vpc.explainEndpoints().find((e) => e.endpoint === 'sqs')?.reasons).toContain(
      'served centrally, through a private hosted zone or a Route 53 Profile (centralEndpoints)');
    expect(central.vpc.explainEndpoints().find((e) => e.endpoint === 'ecr.api')?.reasons).toContain('in the VPC already (declared)');
  });

  test('is refused in a VPC of another account: a RAM-shared VPC', () => {
    expect(() => adopt({ createMissingEndpoints: true, vpcOwnerAccountId: '222222222222' })).toThrow(
      "ExistingIsolatedVpc 'App/Network': createMissingEndpoints: true, but the VPC belongs to account 222222222222, not to this stack's account "
      + '111111111111: a VPC shared through RAM, whose participants cannot create endpoints in it. '
      + "Ask the VPC's owner for the endpoints (vpc.networkRequest() lists them).");
  });

  test('a VPC of another region is refused, whatever createMissingEndpoints says: the stack cannot use it', () => {
    for (const createMissingEndpoints of [true, false]) {
      const elsewhere = new Stack(new App(), 'App', { env: ENV });
      const raw = ec2.Vpc.fromVpcAttributes(elsewhere, 'Raw', { vpcId: 'vpc-0abc', availabilityZones: ['eu-west-1a'], isolatedSubnetIds: ['subnet-1'], region: 'eu-west-1' });
      expect(() => IsolatedVpc.fromExistingVpc(elsewhere, 'Network', { vpc: raw, createMissingEndpoints })).toThrow(
        "ExistingIsolatedVpc 'App/Network': the VPC is in eu-west-1, but this stack deploys to us-east-1: a stack's tasks, rules and endpoints can only be "
        + "in VPCs of its own region. Deploy the stack to eu-west-1 (env: { region: 'eu-west-1' }), or adopt a VPC of us-east-1.");
    }
  });

  test('a shared VPC\'s missing endpoint says the stack cannot create it', () => {
    const shared = adopt({ vpcOwnerAccountId: '222222222222' });
    serviceWithQueue(shared.stack, shared.vpc);
    expect(() => shared.app.synth()).toThrow(
      /\(vpc.networkRequest\(\) lists it with everything else to ask for\); this stack cannot create it: the VPC belongs to account 222222222222/);
  });
});

describe('bad input', () => {
  test('an endpoint listed twice', () => {
    expect(() => adopt({ endpoints: [S.SQS, S.SQS] })).toThrow(
      "ExistingIsolatedVpc 'App/Network': endpoint 'sqs' is listed twice (in endpoints again). A VPC resolves a service's private DNS name to one place: "
      + 'list each service once, in endpoints if its endpoint is in the VPC, in centralEndpoints if a private hosted zone or Route 53 Profile serves it.');
    expect(() => adopt({ endpoints: [S.SQS], centralEndpoints: [S.SQS] })).toThrow(/endpoint 'sqs' is listed twice \(in endpoints and in centralEndpoints\)/);
  });

  test('public subnets in the selection', () => {
    const app = new App();
    const stack = new Stack(app, 'App', { env: ENV });
    expect(() => IsolatedVpc.fromExistingVpc(stack, 'Network', { vpc: rawVpc(stack, { public: true }), subnets: { subnetType: ec2.SubnetType.PUBLIC } })).toThrow(
      "ExistingIsolatedVpc 'App/Network': the subnets selection holds public subnets subnet-u1, subnet-u2, whose route to an internet gateway isolated tasks "
      + 'must not have. Select isolated subnets only, such as { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }.');
  });

  test('transit-gateway subnets need the promise that their route has no internet egress', () => {
    const app = new App();
    const stack = new Stack(app, 'App', { env: ENV });
    const vpc = rawVpc(stack, { private: true });
    expect(() => IsolatedVpc.fromExistingVpc(stack, 'Network', { vpc, subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } })).toThrow(
      "ExistingIsolatedVpc 'App/Network': subnets subnet-p1, subnet-p2 have a default route (aws-cdk-lib calls such subnets private): to a NAT gateway, "
      + 'or, in a landing zone, to a transit gateway or Cloud WAN. If that route leads to no internet egress, say so: privateSubnetsHaveNoInternetEgress: true. '
      + 'Otherwise select isolated subnets only.');
    const adopted = IsolatedVpc.fromExistingVpc(stack, 'Accepted', { vpc, privateSubnetsHaveNoInternetEgress: true });
    expect(adopted.isolatedSubnets.map((s) => s.subnetId)).toEqual(['subnet-i1', 'subnet-i2', 'subnet-p1', 'subnet-p2']);
  });

  test('a selection with no usable subnets', () => {
    const app = new App();
    const stack = new Stack(app, 'App', { env: ENV });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Raw', { vpcId: 'vpc-0abc', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-p1'] });
    expect(() => IsolatedVpc.fromExistingVpc(stack, 'Network', { vpc })).toThrow(
      "ExistingIsolatedVpc 'App/Network': no usable subnets in VPC 'App/Raw' (0 public, 1 private, 0 isolated). Tasks need isolated subnets: "
      + "if the private subnets' default route leads to no internet egress (a transit gateway to an inspected network), set privateSubnetsHaveNoInternetEgress: true; "
      + 'import the VPC with its isolated subnets (isolatedSubnetIds in ec2.Vpc.fromVpcAttributes), or give subnets: { subnets: [...] }.');
  });

  test('a plain ec2.IVpc is refused by PrivateFargateService, with the way in', () => {
    const stack = new Stack(new App(), 'App', { env: ENV });
    expect(() => new PrivateFargateService(stack, 'Service', { vpc: rawVpc(stack), image: IMAGE })).toThrow(
      "for a VPC you do not own, adopt it: IsolatedVpc.fromExistingVpc(this, 'Network', { vpc, endpoints: [...] })");
  });

  test('public subnets asked of the adopted VPC name what asked', () => {
    const { vpc } = adopt();
    expect(() => vpc.selectSubnets({ subnetType: ec2.SubnetType.PUBLIC })).toThrow(/^ExistingIsolatedVpc 'App\/Network': Something asked for PUBLIC subnets, which need an internet gateway/);
  });
});

describe('without the endpoints\' security group', () => {
  const { app, stack, vpc } = adopt({ endpointSecurityGroup: undefined, endpoints: [...BASICS, S.SQS] });
  serviceWithQueue(stack, vpc);
  app.synth();

  test('warns that the endpoints must admit the task subnets, and names them', () => {
    Annotations.fromStack(stack).hasWarning('/App/Network', Match.stringLikeRegexp(
      "the security groups of the VPC's interface endpoints are unknown, so this stack cannot let its tasks in. The endpoints must admit TCP 443 "
      + 'from the task subnets \\(10.0.0.0/24, 10.0.1.0/24\\)'));
  });

  test('asks the owner for the rule', () => {
    expect(JSON.parse(vpc.networkRequest()).securityGroupRules).toEqual([{
      securityGroups: ['<the security group of each interface endpoint in the VPC>'],
      direction: 'ingress',
      protocol: 'tcp',
      port: 443,
      sources: ['10.0.0.0/24', '10.0.1.0/24'],
      why: 'the tasks reach the endpoints from these subnets',
    }]);
  });
});

describe('a cluster built on the raw VPC', () => {
  test('is found by VPC ID, so its services are checked too', () => {
    const { app, stack, vpc } = adopt({ endpoints: [S.ECR, S.ECR_DOCKER] });
    const raw = ec2.Vpc.fromVpcAttributes(stack, 'Again', {
      vpcId: 'vpc-0abc', availabilityZones: ['us-east-1a', 'us-east-1b'], isolatedSubnetIds: ['subnet-i1', 'subnet-i2'],
    });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: raw });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('App', { image: IMAGE, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }) });
    new ecs.FargateService(stack, 'Plain', { cluster, taskDefinition, vpcSubnets: { subnets: vpc.isolatedSubnets } });
    expect(() => app.synth()).toThrow(/needs the 'logs' interface endpoint .* ExistingIsolatedVpc 'App\/Network' \(vpc-0abc, owned outside this app\) has none/);
  });
});

describe('a network stack of the same app', () => {
  test('its endpoints count as present without being declared', () => {
    const app = new App();
    const network = new Stack(app, 'Network', { env: ENV });
    const owned = new ec2.Vpc(network, 'Vpc', { natGateways: 0, maxAzs: 2, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    for (const service of [...BASICS, S.SQS]) owned.addInterfaceEndpoint(service.shortName, { service, privateDnsEnabled: true });
    owned.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const stack = new Stack(app, 'App', { env: ENV });
    const vpc = IsolatedVpc.fromExistingVpc(stack, 'Network', { vpc: owned });
    serviceWithQueue(stack, vpc);
    expect(() => app.synth()).not.toThrow();
    expect([...vpc.endpointNames].sort()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'sqs', 'ssmmessages']);
    expect(vpc.explainEndpoints().find((e) => e.endpoint === 'sqs')?.reasons).toContain("created in this app ('Network/Vpc/sqs')");
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  });
});

test('an IsolatedVpc asks nothing of anyone', () => {
  const stack = new Stack(new App(), 'App', { env: ENV });
  const vpc = new IsolatedVpc(stack, 'Vpc');
  expect(JSON.parse(vpc.networkRequest())).toMatchObject({
    interfaceEndpoints: [], gatewayEndpoints: [], securityGroupRules: [], endpointPolicyStatements: [],
  });
});

describe('things of another VPC, and IDs of the wrong kind', () => {
  test('a subnets selection with a subnet of another VPC is refused', () => {
    const stack = new Stack(new App(), 'App', { env: ENV });
    const other = ec2.Vpc.fromVpcAttributes(stack, 'Second', { vpcId: 'vpc-0second', availabilityZones: ['us-east-1a'], isolatedSubnetIds: ['subnet-s1'] });
    expect(() => IsolatedVpc.fromExistingVpc(stack, 'Network', { vpc: rawVpc(stack), subnets: { subnets: other.isolatedSubnets } })).toThrow(
      "ExistingIsolatedVpc 'App/Network': the subnets selection holds subnet 'App/Second/IsolatedSubnet1' of another VPC than 'App/Raw', where tasks "
      + "could not reach the VPC's endpoints and ECS refuses to place them. Select subnets of 'App/Raw' only.");
  });

  test('a subnet imported on its own is taken, with a warning that says what was not checked', () => {
    const stack = new Stack(new App(), 'App', { env: ENV });
    const lone = ec2.Subnet.fromSubnetAttributes(stack, 'Lone', { subnetId: 'subnet-lone', availabilityZone: 'us-east-1a', routeTableId: 'rtb-lone' });
    IsolatedVpc.fromExistingVpc(stack, 'Network', { vpc: rawVpc(stack), subnets: { subnets: [lone] } });
    Annotations.fromStack(stack).hasWarning('/App/Network', Match.stringLikeRegexp(
      "subnet 'subnet-lone' was imported on its own, so synth cannot check that it belongs to 'App/Raw'"));
  });

  test('an endpointSecurityGroup of another VPC is refused', () => {
    const stack = new Stack(new App(), 'App', { env: ENV });
    const second = ec2.Vpc.fromVpcAttributes(stack, 'Second', { vpcId: 'vpc-0second', availabilityZones: ['us-east-1a'], isolatedSubnetIds: ['subnet-s1'] });
    const group = new ec2.SecurityGroup(stack, 'Group', { vpc: second });
    expect(() => IsolatedVpc.fromExistingVpc(stack, 'Network', { vpc: rawVpc(stack), endpointSecurityGroup: group })).toThrow(
      "ExistingIsolatedVpc 'App/Network': endpointSecurityGroup 'App/Group' is a security group of another VPC than 'App/Raw': the VPC's endpoints "
      + "cannot carry it, so the rules this stack adds to it would let nothing in. Give the group the VPC's interface endpoints have.");
  });

  test('IDs of the wrong kind are refused', () => {
    expect(() => adopt({ vpcOwnerAccountId: 'o-a1b2c3d4e5' })).toThrow("ExistingIsolatedVpc 'App/Network': vpcOwnerAccountId 'o-a1b2c3d4e5' is not an "
      + "account ID. Give an account ID, such as '123456789012'.");
    const stack = new Stack(new App(), 'App', { env: ENV });
    const wrong = ec2.Vpc.fromVpcAttributes(stack, 'Raw', { vpcId: 'subnet-0abc', availabilityZones: ['us-east-1a'], isolatedSubnetIds: ['subnet-1'] });
    expect(() => IsolatedVpc.fromExistingVpc(stack, 'Network', { vpc: wrong })).toThrow("ExistingIsolatedVpc 'App/Network': vpc: the VPC's ID "
      + "'subnet-0abc' is a subnet ID, not a VPC ID. Give a VPC ID, such as 'vpc-0123456789abcdef0'.");
  });
});
