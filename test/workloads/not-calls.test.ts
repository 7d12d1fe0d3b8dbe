import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
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
