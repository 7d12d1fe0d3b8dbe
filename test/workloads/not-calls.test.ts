import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as msk from 'aws-cdk-lib/aws-msk';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { EndpointPreset, IsolatedVpc } from '../../src';

const ISOLATED = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO });
  const fn = new lambda.Function(stack, 'Worker', {
    vpc, vpcSubnets: ISOLATED, runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'),
  });
  return { app, stack, vpc, fn };
}

function interfaceEndpoints(stack: Stack): string[] {
  return Object.values<any>(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }))
    .map((e) => String(e.Properties.ServiceName).replace('com.amazonaws.eu-west-1.', '')).sort();
}

describe('event sources whose pollers run outside the VPC add no endpoint', () => {
  test('an SQS event source', () => {
    const { stack, fn } = setup();
    fn.addEventSource(new sources.SqsEventSource(new sqs.Queue(stack, 'Inbox')));
    expect(interfaceEndpoints(stack)).toEqual([]);
  });

  test('a Kinesis stream and a DynamoDB stream', () => {
    const { stack, fn } = setup();
    fn.addEventSource(new sources.KinesisEventSource(new kinesis.Stream(stack, 'Clicks'), { startingPosition: lambda.StartingPosition.LATEST }));
    const table = new dynamodb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, stream: dynamodb.StreamViewType.NEW_IMAGE });
    fn.addEventSource(new sources.DynamoEventSource(table, { startingPosition: lambda.StartingPosition.LATEST }));
    expect(interfaceEndpoints(stack)).toEqual([]);
  });

  test('what the code itself sends to the same queue still needs sqs', () => {
    const { stack, fn } = setup();
    const inbox = new sqs.Queue(stack, 'Inbox');
    fn.addEventSource(new sources.SqsEventSource(inbox));
    inbox.grantSendMessages(fn);
    expect(interfaceEndpoints(stack)).toEqual(['sqs']);
  });

  test('a poller grant on another queue than the source is a call', () => {
    const { stack, fn } = setup();
    fn.addEventSource(new sources.SqsEventSource(new sqs.Queue(stack, 'Inbox')));
    new sqs.Queue(stack, 'Other').grantConsumeMessages(fn);
    expect(interfaceEndpoints(stack)).toEqual(['sqs']);
  });
});

describe('EC2 capacity', () => {
  function capacity(logging?: ecs.LogDriver) {
    const { stack, vpc } = setup();
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    cluster.addCapacity('Capacity', { instanceType: new ec2.InstanceType('t3.small'), vpcSubnets: ISOLATED });
    const taskDefinition = new ecs.Ec2TaskDefinition(stack, 'Task');
    taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('111111111111.dkr.ecr.eu-west-1.amazonaws.com/app:1'), memoryLimitMiB: 256, logging });
    new ecs.Ec2Service(stack, 'Svc', { cluster, taskDefinition, minHealthyPercent: 100 });
    return stack;
  }

  test('gets no logs endpoint from aws-cdk-lib\'s default instance role statement alone', () => {
    expect(interfaceEndpoints(capacity())).toEqual(['ecr.api', 'ecr.dkr', 'ecs', 'ecs-agent', 'ecs-telemetry']);
  });

  test('gets it when its containers use awslogs', () => {
    expect(interfaceEndpoints(capacity(ecs.LogDrivers.awsLogs({ streamPrefix: 'app' })))).toContain('logs');
  });
});

describe('Kafka event source mappings: pollers in the cluster\'s subnets', () => {
  function mskApp(options: { secret?: boolean; provisioned?: boolean } = {}) {
    const { app, stack, vpc } = setup();
    const clusterGroup = new ec2.SecurityGroup(stack, 'ClusterGroup', { vpc });
    const cluster = new msk.CfnCluster(stack, 'Kafka', {
      clusterName: 'events',
      kafkaVersion: '3.6.0',
      numberOfBrokerNodes: 2,
      brokerNodeGroupInfo: { instanceType: 'kafka.t3.small', clientSubnets: vpc.isolatedSubnets.map((s) => s.subnetId), securityGroups: [clusterGroup.securityGroupId] },
    });
    // The consumer runs outside the VPC: the mapping's pollers, not the function, sit in the cluster's subnets.
    const consumer = new lambda.Function(stack, 'Consumer', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    consumer.addEventSource(new sources.ManagedKafkaEventSource({
      clusterArn: cluster.attrArn,
      topic: 'orders',
      startingPosition: lambda.StartingPosition.LATEST,
      secret: options.secret ? new secretsmanager.Secret(stack, 'KafkaLogin', { secretName: 'AmazonMSK_login' }) : undefined,
      provisionedPollerConfig: options.provisioned ? { minimumPollers: 1, maximumPollers: 2 } : undefined,
    }));
    return { app, stack };
  }

  test('on-demand pollers need lambda and sts in the cluster\'s VPC, and the endpoints admit the cluster\'s group', () => {
    const { stack } = mskApp();
    expect(interfaceEndpoints(stack)).toEqual(['lambda', 'sts']);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface VPC endpoints: HTTPS from endpoint clients only',
      SecurityGroupIngress: Match.arrayWith([Match.objectLike({
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterGroup'), 'GroupId'] }, FromPort: 443, ToPort: 443,
      })]),
    });
  });

  test('signing in with a secret adds secretsmanager; the poller grants on the role add nothing', () => {
    expect(interfaceEndpoints(mskApp({ secret: true }).stack)).toEqual(['lambda', 'secretsmanager', 'sts']);
  });

  test('provisioned pollers need no endpoint', () => {
    expect(interfaceEndpoints(mskApp({ provisioned: true }).stack)).toEqual([]);
  });

  test('a fixed preset without them fails synth, naming the mapping', () => {
    const root = new App();
    const s = new Stack(root, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
    const v = new IsolatedVpc(s, 'Vpc', { endpoints: EndpointPreset.NONE });
    const selfManaged = new lambda.Function(s, 'Consumer', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    selfManaged.addEventSource(new sources.SelfManagedKafkaEventSource({
      bootstrapServers: ['b-1.kafka.internal:9094'],
      topic: 'orders',
      startingPosition: lambda.StartingPosition.LATEST,
      vpc: v,
      vpcSubnets: ISOLATED,
      securityGroup: new ec2.SecurityGroup(s, 'Brokers', { vpc: v }),
      secret: new secretsmanager.Secret(s, 'Login'),
      authenticationMethod: sources.AuthenticationMethod.SASL_SCRAM_512_AUTH,
    }));
    expect(() => root.synth()).toThrow(/lambda\.EventSourceMapping 'Stack\/Consumer\/KafkaEventSource:[^']+' is read by an on-demand Kafka event source mapping, whose pollers reach Lambda and STS from network interfaces in the cluster's subnets, which needs the 'lambda' interface endpoint/);
  });
});
