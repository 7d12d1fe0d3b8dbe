// One isolation contract over every kind of VPC: each public member and each check of the core is
// proven for a VPC the app makes, one it adopts from attributes, one it looks up, and a spoke.
import { App, Errors, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IIsolatedVpc, IsolatedVpc, PrivateFargateService } from '../../src';
import { ENV, IMAGE, newStack, S, synthError, synthLikeTheCli, thrown } from '../util';

interface Kind {
  readonly name: string;
  /** How messages name the VPC. */
  readonly label: string;
  build(): { app: App; stack: Stack; vpc: IIsolatedVpc };
  /** Another VPC of the same nature: made by the app (its ID a reference) or imported (a literal ID). */
  otherVpc(stack: Stack): ec2.IVpc;
}

const madeElsewhere = (stack: Stack) => new ec2.Vpc(stack, 'Other', { natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
const importedElsewhere = (stack: Stack) => ec2.Vpc.fromVpcAttributes(stack, 'Other', {
  vpcId: 'vpc-0other', availabilityZones: ['us-east-1a'], isolatedSubnetIds: ['subnet-o1'],
});

const BASICS = [S.ECR, S.ECR_DOCKER, S.CLOUDWATCH_LOGS, S.SSM_MESSAGES];
const HUB = { profileId: 'rp-0123456789abcdef', services: BASICS.map((s) => s.shortName), hubCidr: '10.100.0.0/16' };
// The context the CLI would cache for the landing zone's lookups, found once.
const LOOKUP_CONTEXT = synthLikeTheCli((app) => IsolatedVpc.lookupExisting(new Stack(app, 'App', { env: ENV }), 'Vpc', { vpcId: 'vpc-0lz' })).context;

const KINDS: Kind[] = [
  {
    name: 'an IsolatedVpc',
    label: "IsolatedVpc 'App/Vpc'",
    otherVpc: madeElsewhere,
    build: () => {
      const { app, stack } = newStack();
      return { app, stack, vpc: new IsolatedVpc(stack, 'Vpc') };
    },
  },
  {
    name: 'an ExistingIsolatedVpc from attributes',
    label: "ExistingIsolatedVpc 'App/Vpc'",
    otherVpc: importedElsewhere,
    build: () => {
      const { app, stack } = newStack();
      const raw = ec2.Vpc.fromVpcAttributes(stack, 'Raw', {
        vpcId: 'vpc-0abc',
        availabilityZones: ['us-east-1a', 'us-east-1b'],
        isolatedSubnetIds: ['subnet-i1', 'subnet-i2'],
        isolatedSubnetRouteTableIds: ['rtb-i1', 'rtb-i2'],
        isolatedSubnetIpv4CidrBlocks: ['10.0.0.0/24', '10.0.1.0/24'],
      });
      const vpc = IsolatedVpc.fromExistingVpc(stack, 'Vpc', {
        vpc: raw,
        endpoints: BASICS,
        gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.S3],
        endpointSecurityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'EndpointGroup', 'sg-0endpoints'),
      });
      return { app, stack, vpc };
    },
  },
  {
    name: 'an ExistingIsolatedVpc from a lookup',
    label: "ExistingIsolatedVpc 'App/Vpc'",
    otherVpc: importedElsewhere,
    build: () => {
      const { app, stack } = newStack({ env: ENV }, LOOKUP_CONTEXT);
      return { app, stack, vpc: IsolatedVpc.lookupExisting(stack, 'Vpc', { vpcId: 'vpc-0lz' }) };
    },
  },
  {
    name: 'a spoke of shared endpoints',
    label: "IsolatedVpc 'App/Vpc'",
    otherVpc: madeElsewhere,
    build: () => {
      const { app, stack } = newStack();
      return { app, stack, vpc: new IsolatedVpc(stack, 'Vpc', { cidr: '10.1.0.0/16', sharedEndpoints: HUB }) };
    },
  },
];

describe.each(KINDS)('in $name', (kind) => {
  function withService() {
    const built = kind.build();
    const service = new PrivateFargateService(built.stack, 'Service', { vpc: built.vpc, image: IMAGE });
    return { ...built, service };
  }

  test('PrivateFargateService runs in its isolated subnets with no public IP, and synthesizes', () => {
    const { app, stack } = withService();
    expect(synthError(app)).toBeUndefined();
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
    });
  });

  test('the VPC reaches the ECR endpoints and not SQS', () => {
    const { vpc } = kind.build();
    expect(vpc.hasEndpoint(S.ECR)).toBe(true);
    expect(vpc.hasEndpoint(S.ECR_DOCKER)).toBe(true);
    expect(vpc.hasEndpoint(S.SQS)).toBe(false);
    expect(vpc.endpointNames).toEqual(expect.arrayContaining(['ecr.api', 'ecr.dkr', 'logs', 'ssmmessages']));
  });

  test('a grant the VPC has no endpoint for fails synth, naming the VPC, the endpoint and the workload', () => {
    const { app, stack, service } = withService();
    new sqs.Queue(stack, 'Jobs').grantSendMessages(service.taskDefinition.taskRole);
    const message = synthError(app);
    expect(message).toContain(`${kind.label} (`);
    expect(message).toContain("'sqs' interface endpoint");
    expect(message).toContain('App/Service');
  });

  test('waiveEndpoint lets that call through, and explainEndpoints says why', () => {
    const { app, stack, vpc, service } = withService();
    new sqs.Queue(stack, 'Jobs').grantSendMessages(service.taskDefinition.taskRole);
    vpc.waiveEndpoint('sqs', 'through the proxy');
    expect(synthError(app)).toBeUndefined();
    const sqsLine = vpc.explainEndpoints().find((e) => e.endpoint === 'sqs');
    expect(sqsLine).toEqual({ endpoint: 'sqs', present: false, reasons: expect.arrayContaining(['waived: through the proxy']) });
    expect(vpc.explainEndpoints().find((e) => e.endpoint === 's3')?.present).toBe(true);
  });

  test('declareCalls counts as a grant: a declared call without an endpoint fails synth', () => {
    const { app, vpc, service } = withService();
    vpc.declareCalls(service, ['sqs:SendMessage'], 'with an assumed role');
    const message = synthError(app);
    expect(message).toContain(`${kind.label} (`);
    expect(message).toContain("'sqs' interface endpoint");
  });

  test('declareCalls refuses a wrong action with the library error, which carries the VPC', () => {
    const { vpc, service } = withService();
    const error = thrown(() => vpc.declareCalls(service, ['sendMessage'], 'why'));
    expect(error.message).toBe(`${kind.label}: declareCalls for 'App/Service': 'sendMessage' is not an IAM action. `
      + "Write actions as '<service>:<Action>', such as 'sqs:SendMessage' or 'dynamodb:*'.");
    expect(Errors.isValidationError(error)).toBe(true);
    expect((error as unknown as { constructPath: string }).constructPath).toBe(vpc.node.path);
  });

  test('waiveEndpoint refuses an unknown endpoint and an empty reason', () => {
    const { vpc } = kind.build();
    expect(thrown(() => vpc.waiveEndpoint('s4', 'why')).message).toBe(`${kind.label}: waiveEndpoint('s4'): 's4' is not an endpoint this library knows. `
      + "Use an endpoint's short name, such as 'sns' (ec2.InterfaceVpcEndpointAwsService.SNS.shortName), 'dynamodb' for the gateway, or 'iam' for a global service.");
    expect(thrown(() => vpc.waiveEndpoint('sqs', ' ')).message).toBe(`${kind.label}: waiveEndpoint('sqs'): the reason is empty. `
      + 'Say why, so the next reader of the app knows: it is shown by vpc.explainEndpoints().');
    expect(thrown(() => vpc.waiveEndpoint('s3', 'why')).message).toBe(`${kind.label}: waiveEndpoint('s3'): `
      + 'the S3 gateway endpoint is always there (ECR keeps image layers in S3) and cannot be waived.');
  });

  test('addJob takes a task definition once, and not a service\'s', () => {
    const { stack, vpc, service } = withService();
    const job = new ecs.FargateTaskDefinition(stack, 'Job');
    job.addContainer('Main', { image: IMAGE });
    vpc.addJob(job);
    expect(thrown(() => vpc.addJob(job)).message).toBe(`${kind.label}: addJob('App/Job'): the task definition is a job of this VPC already. `
      + 'Call addJob once per task definition, with every security group the code passes.');
    expect(thrown(() => vpc.addJob(service.taskDefinition)).message).toBe(`${kind.label}: addJob('App/Service/TaskDefinition'): `
      + "the task definition is that of service 'App/Service/Service', which the VPC checks already. "
      + 'Give the job a task definition of its own (a service replaces the tasks it did not start), or leave addJob out.');
  });

  test('a declared job without an endpoint it needs fails synth like a service', () => {
    const { app, stack, vpc } = kind.build();
    const job = new ecs.FargateTaskDefinition(stack, 'Job');
    job.addContainer('Main', { image: IMAGE });
    new sqs.Queue(stack, 'Jobs').grantSendMessages(job.taskRole);
    vpc.addJob(job);
    expect(synthError(app)).toContain("'sqs' interface endpoint");
  });

  test('allowS3Bucket takes a bucket name and S3 actions only', () => {
    const { vpc } = kind.build();
    expect(() => vpc.allowS3Bucket('shared-artifacts', ['s3:GetObject'])).not.toThrow();
    expect(thrown(() => vpc.allowS3Bucket('arn:aws:s3:::shared', ['s3:GetObject'])).message).toBe(`${kind.label}: allowS3Bucket('arn:aws:s3:::shared'): `
      + "'arn:aws:s3:::shared' is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens). Give the bucket's name, not its ARN or URL.");
    expect(thrown(() => vpc.allowS3Bucket('shared', ['sqs:SendMessage'])).message).toBe(`${kind.label}: allowS3Bucket('shared'): `
      + "'sqs:SendMessage' is not an S3 action. Give S3 actions, such as ['s3:GetObject'].");
  });

  test('grantEndpointAccess refuses a service whose tasks take no security group', () => {
    const { stack, vpc } = kind.build();
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const bridge = new ecs.Ec2TaskDefinition(stack, 'Bridge', { networkMode: ecs.NetworkMode.BRIDGE });
    bridge.addContainer('Main', { image: IMAGE, memoryLimitMiB: 256 });
    const service = new ecs.Ec2Service(stack, 'Ec2', { cluster, taskDefinition: bridge });
    expect(thrown(() => vpc.grantEndpointAccess(service)).message).toBe(`${kind.label}: cannot grant endpoint access to service 'App/Ec2', `
      + "whose tasks use network mode 'bridge' and so the instance's network interface. Grant access to the cluster's capacity instead: "
      + 'vpc.grantEndpointAccess(autoScalingGroup).');
  });

  test('a Lambda function in the VPC is let in to the endpoints on 443 from its own group', () => {
    const { stack, vpc } = kind.build();
    const fn = new lambda.Function(stack, 'Fn', {
      vpc, runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    fn.connections.allowToAnyIpv4(ec2.Port.tcp(443));
    const template = Template.fromStack(stack);
    const groupId = stack.resolve((fn.connections.securityGroups[0].node.defaultChild as ec2.CfnSecurityGroup).attrGroupId);
    const rules = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r) => JSON.stringify(r.Properties.SourceSecurityGroupId) === JSON.stringify(groupId) && r.Properties.FromPort === 443);
    expect(rules).toHaveLength(1);
  });

  test('networkRequest is JSON with the same fields for every kind', () => {
    const { app, vpc } = withService();
    app.synth();
    expect(Object.keys(JSON.parse(vpc.networkRequest()))).toEqual([
      'vpcId', 'region', 'requestedBy', 'interfaceEndpoints', 'gatewayEndpoints', 'securityGroupRules', 'endpointPolicyStatements',
    ]);
  });

  test('an ecs.FargateService with a Docker Hub image fails synth with the pull-through fix', () => {
    const { app, stack, vpc } = kind.build();
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('Web', { image: ecs.ContainerImage.fromRegistry('nginx:1.27') });
    new ecs.FargateService(stack, 'Web', { cluster, taskDefinition: task });
    const message = synthError(app);
    expect(message).toContain('IsolatedImage.fromPullThroughCache(');
  });
});

describe.each(KINDS)('wrong values in $name', (kind) => {
  test('addJob with a security group or a cluster of another VPC is refused', () => {
    const { stack, vpc } = kind.build();
    const other = kind.otherVpc(stack);
    const job = new ecs.FargateTaskDefinition(stack, 'Job');
    job.addContainer('Main', { image: IMAGE });
    const group = new ec2.SecurityGroup(stack, 'Elsewhere', { vpc: other });
    expect(thrown(() => vpc.addJob(job, { securityGroups: [group] })).message).toBe(`${kind.label}: addJob('App/Job'): security group 'App/Elsewhere' is of `
      + "another VPC, and RunTask refuses groups of another VPC than the subnets'. Pass groups of this VPC, such as vpc.endpointClientSecurityGroup.");
    const cluster = new ecs.Cluster(stack, 'OtherCluster', { vpc: other });
    expect(thrown(() => vpc.addJob(job, { cluster })).message).toBe(`${kind.label}: addJob('App/Job'): cluster 'App/OtherCluster' is a cluster of another VPC `
      + "('App/Other'): the job's tasks would run there, where this VPC's endpoints are not. Declare the job on that VPC, or pass a cluster of this one.");
    expect(() => vpc.addJob(job, { securityGroups: [new ec2.SecurityGroup(stack, 'Here', { vpc })] })).not.toThrow();
  });

  test('an EC2-only job in a cluster without EC2 capacity fails synth', () => {
    const { app, stack, vpc } = kind.build();
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const job = new ecs.Ec2TaskDefinition(stack, 'Job', { networkMode: ecs.NetworkMode.AWS_VPC });
    job.addContainer('Main', { image: IMAGE, memoryLimitMiB: 256 });
    vpc.addJob(job, { cluster });
    expect(synthError(app)).toContain("job 'App/Job' (vpc.addJob): task definition 'App/Job' runs on EC2 capacity only, but cluster 'App/Cluster' has none, "
      + 'so its tasks never place (RunTask answers "No Container Instances were found in your cluster"). Give the cluster capacity: '
      + 'cluster.addAsgCapacityProvider(provider), or run the job on Fargate: new ecs.FargateTaskDefinition(...).');
  });

  test('addJob grants the execution role the pull of the job\'s private ECR image, as PrivateFargateService does', () => {
    const { app, stack, vpc } = kind.build();
    const job = new ecs.FargateTaskDefinition(stack, 'Job');
    job.addContainer('Main', { image: IMAGE });
    vpc.addJob(job);
    app.synth();
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^JobExecutionRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: Match.arrayWith(['ecr:BatchGetImage']),
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:us-east-1:111111111111:repository/app']] },
        })]),
      },
    });
  });

  test('declareCalls for a workload that runs in another isolated VPC fails synth, naming the VPC it runs in', () => {
    const { app, stack, vpc } = kind.build();
    const second = new IsolatedVpc(stack, 'Second', { cidr: '10.9.0.0/16' });
    const service = new PrivateFargateService(stack, 'Elsewhere', { vpc: second, image: IMAGE });
    vpc.declareCalls(service, ['sqs:SendMessage'], 'assumed role');
    vpc.waiveEndpoint('sqs', 'tested: the VPC mismatch');
    expect(synthError(app)).toContain(`${kind.label}: declareCalls for 'App/Elsewhere', which runs in VPC 'App/Second': the endpoints its calls need `
      + "would be made in this VPC, where it never calls them. Declare the calls on the VPC it runs in: vpc.declareCalls(workload, actions, reason) on 'App/Second'.");
  });
});
