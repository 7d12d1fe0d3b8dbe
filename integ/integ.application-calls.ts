// What the application's own code calls: a task in the isolated VPC sends to an SQS queue and writes
// a DynamoDB table, both encrypted with a customer managed key, with nothing but grants on its task
// role. EndpointPreset.AUTO derives sqs and the DynamoDB gateway from those grants (and no kms
// endpoint: SQS and DynamoDB use the key server-side). Deployed, the assertions read the message
// from the queue and the item from the table, which proves the calls arrived.
import * as path from 'path';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { assertTasksRunning } from './ecs-assertions';
import { guardDutyCleanup, integApp } from './integ-app';
import { EndpointPreset, IsolatedVpc, PrivateFargateService } from '../src';
import { acknowledge } from '../src/iam/acknowledge';

const app = integApp();
const stack = new Stack(app, 'ApplicationCalls');
const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO });

const key = new kms.Key(stack, 'DataKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY, pendingWindow: Duration.days(7) });
const deadLetters = new sqs.Queue(stack, 'DeadLetters', { encryptionMasterKey: key, enforceSSL: true });
const queue = new sqs.Queue(stack, 'Jobs', { encryptionMasterKey: key, enforceSSL: true, deadLetterQueue: { queue: deadLetters, maxReceiveCount: 3 } });
const table = new dynamodb.Table(stack, 'Results', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
  encryptionKey: key,
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  removalPolicy: RemovalPolicy.DESTROY,
});

const service = new PrivateFargateService(stack, 'Service', {
  vpc,
  image: ecs.ContainerImage.fromAsset(path.join(__dirname, 'images', 'app-calls')),
  serviceName: 'application-calls',
  desiredCount: 1,
  environment: { QUEUE_URL: queue.queueUrl, TABLE_NAME: table.tableName, AWS_REGION: Aws.REGION, AWS_DEFAULT_REGION: Aws.REGION },
  logRemovalPolicy: RemovalPolicy.DESTROY,
});
queue.grantSendMessages(service.taskDefinition.taskRole);
table.grantWriteData(service.taskDefinition.taskRole);
// What aws-cdk-lib's grants and this test's settings make, explained for cdk-nag.
for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
  acknowledge(service.taskDefinition.taskRole, `AwsSolutions-IAM5[Action::${action}]`,
    'aws-cdk-lib grants these on the one key that encrypts the queue and the table; SQS and DynamoDB use it on the task\'s behalf.');
}
acknowledge(service.taskDefinition, 'AwsSolutions-ECS2', 'The queue URL, table name and region are not secrets; the task reads them from its environment.');

const integ = new IntegTest(app, 'ApplicationCallsTest', { testCases: [stack], diffAssets: true, hooks: guardDutyCleanup(stack) });
const WAIT = { totalTimeout: Duration.minutes(15), interval: Duration.seconds(20) };

const tasks = assertTasksRunning(integ, service.cluster.clusterName, service.service.serviceName, 1);
const message = integ.assertions
  .awsApiCall('SQS', 'receiveMessage', { QueueUrl: queue.queueUrl, WaitTimeSeconds: 10, MaxNumberOfMessages: 1 }, ['Messages.0.Body'])
  .assertAtPath('Messages.0.Body', ExpectedResult.stringLikeRegexp('^calls-ok from '))
  .waitForAssertions(WAIT);
const item = integ.assertions
  .awsApiCall('DynamoDB', 'getItem', { TableName: table.tableName, Key: { pk: { S: 'calls-ok' } } }, ['Item.pk.S'])
  .assertAtPath('Item.pk.S', ExpectedResult.stringLikeRegexp('^calls-ok$'))
  .waitForAssertions(WAIT);
tasks.next(message).next(item);
