// The data perimeter's exceptions: images of other accounts (AWS-owned, a shared registry, the
// GuardDuty agent) and AWS-owned buckets, each present only when a workload needs it, each
// decided by the IAM simulator.
import { App, CustomResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as cr from 'aws-cdk-lib/custom-resources';
import { endpointAllows, ME, THEM } from './simulator';
import { EndpointPolicy, EndpointPreset, IsolatedVpc, IsolatedVpcProps, PrivateFargateService } from '../../src';

const FLUENT_BIT_ACCOUNT = '906394416424';
const GUARDDUTY_ACCOUNT = '593207742271'; // us-east-1
const REPO = (account: string, name: string, region = 'us-east-1') => `arn:aws:ecr:${region}:${account}:repository/${name}`;
const SHARED = '222222222222';

const AGNOSTIC = 'environment-agnostic';

function app(vpcProps: IsolatedVpcProps = {}, env: { account: string; region: string } | typeof AGNOSTIC = { account: ME, region: 'us-east-1' }) {
  const root = new App();
  const stack = new Stack(root, 'Stack', { env: env === AGNOSTIC ? undefined : env });
  const vpc = new IsolatedVpc(stack, 'Vpc', vpcProps);
  const synth = () => {
    root.synth();
    const template = Template.fromStack(stack);
    const endpoint = (suffix: string) => Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint'))
      .find((r) => JSON.stringify(r.Properties.ServiceName).includes(suffix))?.Properties.PolicyDocument;
    return { template, endpoint, gateway: endpoint('.s3') };
  };
  return { root, stack, vpc, synth };
}

function withFireLens(service: PrivateFargateService): void {
  service.taskDefinition.addFirelensLogRouter('Router', {
    image: ecs.obtainDefaultFluentBitECRImage(service.taskDefinition, undefined, 'stable'),
    firelensConfig: { type: ecs.FirelensLogRouterType.FLUENTBIT },
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'router' }),
  });
}

const pull = (resource: string, account: string, principalAccount = ME) =>
  ({ action: 'ecr:BatchGetImage', resource, principalAccount, resourceAccount: account });

describe('AWS-owned images: the FireLens default (AWS for Fluent Bit)', () => {
  test('the ECR endpoints let our principals pull it, and nothing else of that account', async () => {
    const { stack, vpc, synth } = app();
    withFireLens(new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(`${ME}.dkr.ecr.us-east-1.amazonaws.com/api:1`) }));
    const { endpoint } = synth();
    const fluentBit = REPO(FLUENT_BIT_ACCOUNT, 'aws-for-fluent-bit');
    for (const name of ['.ecr.dkr', '.ecr.api']) {
      for (const action of ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability']) {
        expect(await endpointAllows(endpoint(name), { ...pull(fluentBit, FLUENT_BIT_ACCOUNT), action })).toBe(true);
      }
      expect(await endpointAllows(endpoint(name), { ...pull(fluentBit, FLUENT_BIT_ACCOUNT), action: 'ecr:PutImage' })).toBe(false);
      expect(await endpointAllows(endpoint(name), pull(REPO(FLUENT_BIT_ACCOUNT, 'other'), FLUENT_BIT_ACCOUNT))).toBe(false);
      // Someone else's repository of the same name, and foreign credentials, stay out.
      expect(await endpointAllows(endpoint(name), pull(REPO(THEM, 'aws-for-fluent-bit'), THEM))).toBe(false);
      expect(await endpointAllows(endpoint(name), pull(fluentBit, FLUENT_BIT_ACCOUNT, THEM))).toBe(false);
    }
  });

  test('in an environment-agnostic stack, the repository of every hosting account, in the deployed region', () => {
    const { stack, vpc, synth } = app({ endpoints: EndpointPreset.AUTO }, AGNOSTIC);
    withFireLens(new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromAsset(`${__dirname}/../../reference/image`) }));
    const statement = synth().endpoint('ecr.dkr').Statement.find((s: any) => s.Sid === 'TrustedPrincipalsPullAwsForFluentBit');
    const arns = statement.Resource.map((r: any) => JSON.stringify(r));
    expect(arns).toHaveLength(7);
    expect(arns.every((a: string) => a.includes('{"Ref":"AWS::Region"}'))).toBe(true);
    expect(arns.some((a: string) => a.includes(FLUENT_BIT_ACCOUNT))).toBe(true);
  });

  test('fails synth in a region whose hosting account the library does not know, naming the fix', () => {
    const { root, stack, vpc } = app({}, { account: ME, region: 'ap-southeast-3' });
    const service = new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(`${ME}.dkr.ecr.ap-southeast-3.amazonaws.com/api:1`) });
    withFireLens(service);
    expect(() => root.synth()).toThrow(
      /container 'Router': the image comes from SSM parameter '\/aws\/service\/aws-for-fluent-bit\/stable': the AWS for Fluent Bit image \(FireLens default\), whose AWS account in ap-southeast-3 is not in this library's table.*ecs\.ContainerImage\.fromRegistry\('<account>\.dkr\.ecr\.<region>\.amazonaws\.com\/aws-for-fluent-bit:<tag>'\)/,
    );
  });

  test('another public /aws/service/ parameter: a warning that names the fix', () => {
    const { stack, vpc, synth } = app();
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    const ssmImage = ecs.ContainerImage.fromRegistry(ssm.StringParameter.valueForStringParameter(stack, '/aws/service/some-agent/latest'));
    task.addContainer('Agent', { image: ssmImage });
    new ecs.FargateService(stack, 'Svc', { cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition: task });
    synth();
    Annotations.fromStack(stack).hasWarning('/Stack/Svc', Match.stringLikeRegexp(
      "container 'Agent': the image comes from public SSM parameter '/aws/service/some-agent/latest' at deploy time, from an AWS account this library does not know",
    ));
  });
});

describe('a shared registry: an image of another account named in its URI', () => {
  test('a pull-only statement for that repository; the execution role may pull it', async () => {
    const { stack, vpc, synth } = app();
    new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(`${SHARED}.dkr.ecr.us-east-1.amazonaws.com/base/app:7`) });
    const { endpoint, template } = synth();
    const repo = REPO(SHARED, 'base/app');
    expect(await endpointAllows(endpoint('ecr.dkr'), pull(repo, SHARED))).toBe(true);
    expect(await endpointAllows(endpoint('ecr.dkr'), pull(REPO(SHARED, 'base/other'), SHARED))).toBe(false);
    expect(await endpointAllows(endpoint('ecr.dkr'), { ...pull(repo, SHARED), action: 'ecr:PutImage' })).toBe(false);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ApiExecutionRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'], Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:us-east-1:${SHARED}:repository/base/app`]] } }),
          Match.objectLike({ Action: 'ecr:GetAuthorizationToken', Resource: '*' }),
        ]),
      },
    });
  });

  test('an image of our own account named by URI: the execution role may pull it, no extra perimeter statement', () => {
    const { stack, vpc, synth } = app({ guardDutyRuntimeMonitoring: false });
    new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(`${ME}.dkr.ecr.us-east-1.amazonaws.com/app:7`) });
    const { endpoint, template } = synth();
    expect(endpoint('ecr.dkr').Statement.filter((s: any) => /Pull/.test(s.Sid ?? ''))).toEqual([]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:us-east-1:${ME}:repository/app`]] } })]) },
    });
  });

  test('an image in another region fails synth: no endpoint serves it', () => {
    const { stack, vpc } = app();
    expect(() => new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(`${SHARED}.dkr.ecr.eu-west-1.amazonaws.com/app:7`) })).toThrow(
      "PrivateFargateService 'Stack/Api': image repository 'app' of account 222222222222 is in eu-west-1, but the VPC's ECR endpoints serve us-east-1 only, "
      + 'so the pull never reaches eu-west-1 (CannotPullContainerError). Replicate the repository to us-east-1 (ECR cross-Region replication: '
      + 'new ecr.CfnReplicationConfiguration with a rule whose destination is us-east-1) and use the image in us-east-1. Cross-Region PrivateLink '
      + "(interface endpoints for eu-west-1's ecr.api, ecr.dkr and s3) is not created by this library.",
    );
  });

  test('an image of this account in another region fails synth too', () => {
    const { stack, vpc } = app();
    expect(() => new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(`${ME}.dkr.ecr.eu-west-1.amazonaws.com/app:7`) })).toThrow(
      "PrivateFargateService 'Stack/Api': image repository 'app' of this account is in eu-west-1, but the VPC's ECR endpoints serve us-east-1 only, "
      + 'so the pull never reaches eu-west-1 (CannotPullContainerError). Replicate the repository to us-east-1',
    );
  });

  test('a plain service with an image of this account in another region fails synth', () => {
    const { stack, vpc, synth } = app();
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry(`${ME}.dkr.ecr.eu-west-1.amazonaws.com/app:7`) });
    new ecs.FargateService(stack, 'Svc', {
      cluster: new ecs.Cluster(stack, 'Cluster', { vpc }),
      taskDefinition,
      minHealthyPercent: 100,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    expect(() => synth()).toThrow(/ecs\.FargateService 'Stack\/Svc', container 'app': image repository 'app' of this account is in eu-west-1/);
  });

  test('with EndpointPolicy.OPEN there is no policy to extend', () => {
    const { stack, vpc, synth } = app({ endpointPolicy: EndpointPolicy.OPEN });
    new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(`${SHARED}.dkr.ecr.us-east-1.amazonaws.com/app:7`) });
    expect(synth().endpoint('ecr.dkr')).toBeUndefined();
  });

  test('within an organization, the pull is for principals of the organization', () => {
    const { stack, vpc, synth } = app({ endpointPolicy: EndpointPolicy.organization('o-a1b2c3d4e5') });
    new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(`${SHARED}.dkr.ecr.us-east-1.amazonaws.com/app:7`) });
    const statement = synth().endpoint('ecr.dkr').Statement.find((s: any) => s.Sid === 'TrustedPrincipalsPull222222222222App');
    expect(statement.Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } });
  });
});

describe('GuardDuty Runtime Monitoring agent', () => {
  test('on by default: the ECR endpoints admit the agent of the region, and the execution role may pull it', async () => {
    const { stack, vpc, synth } = app();
    new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(`${ME}.dkr.ecr.us-east-1.amazonaws.com/api:1`) });
    const { endpoint, template } = synth();
    const agent = REPO(GUARDDUTY_ACCOUNT, 'aws-guardduty-agent-fargate');
    expect(vpc.guardDutyRuntimeMonitoring).toBe(true);
    expect(await endpointAllows(endpoint('ecr.dkr'), pull(agent, GUARDDUTY_ACCOUNT))).toBe(true);
    expect(await endpointAllows(endpoint('ecr.dkr'), { ...pull(agent, GUARDDUTY_ACCOUNT), action: 'ecr:PutImage' })).toBe(false);
    // The agent of another region's account is not ours to pull here.
    expect(await endpointAllows(endpoint('ecr.dkr'), pull(REPO('733349766148', 'aws-guardduty-agent-fargate'), '733349766148'))).toBe(false);
    // One managed policy per stack, attached to every execution role, instead of a copy per service.
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:us-east-1:${GUARDDUTY_ACCOUNT}:repository/aws-guardduty-agent-fargate`]] } })]) },
    });
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: [{ Ref: Match.stringLikeRegexp('^IsolatedEcsGuardDutyAgentPull') }] });
  });

  test('only when the VPC runs Fargate tasks', () => {
    const { synth } = app();
    expect(synth().endpoint('ecr.dkr').Statement.some((s: any) => s.Sid === 'TrustedPrincipalsPullGuardDutyAgent')).toBe(false);
  });

  test('off: no statement, no grant', () => {
    const { stack, vpc, synth } = app({ guardDutyRuntimeMonitoring: false });
    new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(`${ME}.dkr.ecr.us-east-1.amazonaws.com/api:1`) });
    const { endpoint, template } = synth();
    expect(vpc.guardDutyRuntimeMonitoring).toBe(false);
    expect(endpoint('ecr.dkr').Statement.some((s: any) => /GuardDuty/.test(s.Sid ?? ''))).toBe(false);
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('aws-guardduty-agent-fargate');
  });

  test('asked for in a region without the agent: an error that names the region and the fix', () => {
    expect(() => app({ guardDutyRuntimeMonitoring: true }, { account: ME, region: 'eu-south-9' })).toThrow(
      "IsolatedVpc 'Stack/Vpc': guardDutyRuntimeMonitoring is true, but AWS publishes no GuardDuty agent repository for Fargate in eu-south-9 "
      + '(https://docs.aws.amazon.com/guardduty/latest/ug/ecs-runtime-agent-ecr-image-uri.html). Remove guardDutyRuntimeMonitoring, or deploy to a region that has the agent.',
    );
  });

  test('by default in such a region: a warning, and the VPC does not admit the agent', () => {
    const { vpc, stack } = app({}, { account: ME, region: 'eu-south-9' });
    expect(vpc.guardDutyRuntimeMonitoring).toBe(false);
    Annotations.fromStack(stack).hasWarning('/Stack/Vpc', Match.stringLikeRegexp('AWS publishes no GuardDuty agent repository for Fargate in eu-south-9'));
  });
});

describe('AWS-owned buckets through the S3 gateway', () => {
  const RESPONSES = 'arn:aws:s3:::cloudformation-custom-resource-response-useast1/resp';
  const AL2023 = 'arn:aws:s3:::al2023-repos-us-east-1-de612dc2/core/mirrors/latest/x86_64/repodata.xml';
  const AL2 = 'arn:aws:s3:::amazonlinux-2-repos-us-east-1/2/core/latest/x86_64/mirror.list';
  const AWS_OWNED = '000000000000';
  const s3Request = (action: string, resource: string) => ({ action, resource, principalAccount: AWS_OWNED, resourceAccount: AWS_OWNED });

  test('a custom resource whose handler runs in the VPC may answer CloudFormation (PutObject only)', async () => {
    const { stack, vpc, synth } = app({ endpoints: EndpointPreset.AUTO });
    const handler = new lambda.Function(stack, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'), vpc,
    });
    const provider = new cr.Provider(stack, 'Provider', { onEventHandler: handler, vpc });
    new CustomResource(stack, 'Resource', { serviceToken: provider.serviceToken });
    const { gateway } = synth();
    expect(await endpointAllows(gateway, s3Request('s3:PutObject', RESPONSES))).toBe(true);
    expect(await endpointAllows(gateway, s3Request('s3:GetObject', RESPONSES))).toBe(false);
    expect(await endpointAllows(gateway, s3Request('s3:PutObject', 'arn:aws:s3:::cloudformation-custom-resource-response-euwest1/resp'))).toBe(false);
  });

  test('the response bucket in an environment-agnostic stack is named from the region without dashes', () => {
    const { stack, vpc, synth } = app({ endpoints: EndpointPreset.AUTO }, AGNOSTIC);
    const handler = new lambda.Function(stack, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'), vpc,
    });
    new CustomResource(stack, 'Resource', { serviceToken: handler.functionArn });
    const statement = synth().gateway.Statement.find((s: any) => s.Sid === 'CloudFormationCustomResourceResponses');
    expect(JSON.stringify(statement.Resource)).toContain('{"Fn::Join":["",{"Fn::Split":["-",{"Ref":"AWS::Region"}]}]}');
  });

  test('no custom resource in the VPC, no carve-out: functions outside it, or in it without a custom resource', async () => {
    const { stack, vpc, synth } = app();
    new lambda.Function(stack, 'InVpc', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), vpc });
    const outside = new lambda.Function(stack, 'Outside', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    new CustomResource(stack, 'Resource', { serviceToken: outside.functionArn });
    expect(await endpointAllows(synth().gateway, s3Request('s3:PutObject', RESPONSES))).toBe(false);
  });

  test('EC2 capacity may read the Amazon Linux repositories, and not write them', async () => {
    const { stack, vpc, synth } = app({ endpoints: EndpointPreset.EC2 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    cluster.addCapacity('Capacity', { instanceType: new ec2.InstanceType('t3.small'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023() });
    const { gateway } = synth();
    for (const repo of [AL2023, AL2]) {
      expect(await endpointAllows(gateway, s3Request('s3:GetObject', repo))).toBe(true);
      expect(await endpointAllows(gateway, s3Request('s3:PutObject', repo))).toBe(false);
    }
    expect(await endpointAllows(gateway, s3Request('s3:GetObject', 'arn:aws:s3:::amazonlinux-2-repos-eu-west-1/x'))).toBe(false);
  });

  test('Fargate only: no Amazon Linux carve-out', async () => {
    const { stack, vpc, synth } = app();
    new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(`${ME}.dkr.ecr.us-east-1.amazonaws.com/api:1`) });
    expect(await endpointAllows(synth().gateway, s3Request('s3:GetObject', AL2023))).toBe(false);
  });

  test('with EndpointPolicy.OPEN nothing is added', () => {
    const { stack, vpc, synth } = app({ endpointPolicy: EndpointPolicy.OPEN, endpoints: EndpointPreset.EC2 });
    new ecs.Cluster(stack, 'Cluster', { vpc }).addCapacity('Capacity', { instanceType: new ec2.InstanceType('t3.small') });
    expect(synth().gateway).toBeUndefined();
  });

  test('an Auto Scaling group in the VPC, outside ECS, counts as EC2 capacity', () => {
    const { stack, vpc, synth } = app({ endpoints: EndpointPreset.AUTO });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    new autoscaling.AutoScalingGroup(stack, 'Asg', {
      vpc, role, instanceType: new ec2.InstanceType('t3.small'), machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    });
    expect(synth().gateway.Statement.some((s: any) => s.Sid === 'AmazonLinuxRepositories')).toBe(true);
  });
});

describe('what PrivateFargateService grants its execution role', () => {
  test('a FireLens router on the public parameter, added after construction: the pull of AWS for Fluent Bit', async () => {
    const { stack, vpc, synth } = app({ guardDutyRuntimeMonitoring: false });
    const api = new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(`${ME}.dkr.ecr.us-east-1.amazonaws.com/api:1`) });
    api.taskDefinition.addFirelensLogRouter('Router', {
      image: ecs.ContainerImage.fromRegistry(ssm.StringParameter.valueForStringParameter(stack, '/aws/service/aws-for-fluent-bit/2.32.0')),
      firelensConfig: { type: ecs.FirelensLogRouterType.FLUENTBIT },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'router' }),
    });
    const { template, endpoint } = synth();
    const fluentBit = REPO(FLUENT_BIT_ACCOUNT, 'aws-for-fluent-bit');
    expect(await endpointAllows(endpoint('ecr.dkr'), pull(fluentBit, FLUENT_BIT_ACCOUNT))).toBe(true);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ApiExecutionRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'], Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:us-east-1:${FLUENT_BIT_ACCOUNT}:repository/aws-for-fluent-bit`]] } }),
        ]),
      },
    });
  });

  test('a plain ecs.FargateService keeps the roles its author gave it', () => {
    const { stack, vpc, synth } = app({ guardDutyRuntimeMonitoring: false });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('App', { image: ecs.ContainerImage.fromRegistry(`${SHARED}.dkr.ecr.us-east-1.amazonaws.com/app:1`) });
    new ecs.FargateService(stack, 'Svc', { cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition: task });
    expect(JSON.stringify(synth().template.findResources('AWS::IAM::Policy'))).not.toContain(`${SHARED}:repository/app`);
  });
});
