// A job, not a service: an ecs_patterns.ScheduledFargateTask that EventBridge starts every minute in
// an IsolatedVpc under EndpointPreset.AUTO. The library finds the rule's task definition, derives
// ecr.api, ecr.dkr, logs and sqs from it (the queue from the task role's grant), gives the job's tasks
// the endpoint client group and makes the rule wait for the endpoints. Deployed, the assertion
// receives the message a run of the job sent, which proves the job started and reached SQS.
import * as path from 'path';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { guardDutyCleanup, integApp } from './integ-app';
import { EndpointPreset, IsolatedVpc } from '../src';
import { acknowledge } from '../src/iam/acknowledge';

const app = integApp();
const stack = new Stack(app, 'ScheduledJob');
const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const queue = new sqs.Queue(stack, 'Results', { enforceSSL: true, encryption: sqs.QueueEncryption.KMS_MANAGED, retentionPeriod: Duration.hours(1) });

const logGroup = new logs.LogGroup(stack, 'JobLogs', { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
const job = new ecsPatterns.ScheduledFargateTask(stack, 'Job', {
  cluster,
  schedule: events.Schedule.rate(Duration.minutes(1)),
  subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  scheduledFargateTaskImageOptions: {
    image: ecs.ContainerImage.fromAsset(path.join(__dirname, 'images', 'job-message')),
    environment: { QUEUE_URL: queue.queueUrl, AWS_REGION: Aws.REGION, AWS_DEFAULT_REGION: Aws.REGION },
    logDriver: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'job' }),
  },
});
queue.grantSendMessages(job.taskDefinition.taskRole);
acknowledge(job.taskDefinition, 'AwsSolutions-ECS2', 'The queue URL and region are not secrets; the job reads them from its environment.');
acknowledge(queue, 'AwsSolutions-SQS3', 'The job\'s results queue is read by the assertion; a dead-letter queue would hold nothing.');
// What aws-cdk-lib writes for a scheduled task, explained for cdk-nag.
acknowledge(job.taskDefinition.obtainExecutionRole(), 'AwsSolutions-IAM5[Resource::*]',
  'ecr:GetAuthorizationToken has no resource to scope to; the image pull itself is scoped to the asset repository.');
const eventsRole = job.taskDefinition.node.tryFindChild('EventsRole');
if (eventsRole) {
  acknowledge(eventsRole, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:*:task/<ClusterEB0386A7>/*]',
    'aws-cdk-lib lets EventBridge tag the tasks it starts in this cluster; task IDs are known only at run time.');
}

const integ = new IntegTest(app, 'ScheduledJobTest', { testCases: [stack], diffAssets: true, hooks: guardDutyCleanup(stack) });
integ.assertions
  .awsApiCall('SQS', 'receiveMessage', { QueueUrl: queue.queueUrl, WaitTimeSeconds: 10, MaxNumberOfMessages: 1 }, ['Messages.0.Body'])
  .assertAtPath('Messages.0.Body', ExpectedResult.stringLikeRegexp('^job-ok from '))
  .waitForAssertions({ totalTimeout: Duration.minutes(15), interval: Duration.seconds(20) });
