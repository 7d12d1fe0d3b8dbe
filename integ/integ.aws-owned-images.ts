// What the data perimeter lets through that is not ours, proved where it matters: a task whose
// FireLens log router runs aws-cdk-lib's default image (AWS for Fluent Bit, resolved at deploy time
// from a public SSM parameter, in an AWS-owned ECR account), under the default EndpointPolicy.ACCOUNT.
// The router is essential, so the task reaches RUNNING only if the ECR endpoints let the AWS-owned
// image through. With GuardDuty Runtime Monitoring on in the test account, its agent sidecar is
// pulled the same way. A custom resource whose handler runs in the VPC answers CloudFormation
// through the S3 gateway, so the stack is only created if the response bucket is let through.
import * as path from 'path';
import { ActualResult, ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { assertTasksRunning } from './ecs-assertions';
import { guardDutyCleanup, integApp } from './integ-app';
import { IsolatedVpc, PrivateFargateService } from '../src';
import { acknowledge } from '../src/iam/acknowledge';

const app = integApp();
const stack = new Stack(app, 'AwsOwnedImages');
const vpc = new IsolatedVpc(stack, 'Vpc');

const service = new PrivateFargateService(stack, 'Service', {
  vpc,
  image: ecs.ContainerImage.fromAsset(path.join(__dirname, '..', 'reference', 'image')),
  serviceName: 'aws-owned-images',
  desiredCount: 1,
  logRemovalPolicy: RemovalPolicy.DESTROY,
});
const routerLogs = new logs.LogGroup(stack, 'RouterLogs', { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
service.taskDefinition.addFirelensLogRouter('LogRouter', {
  containerName: 'log-router',
  image: ecs.obtainDefaultFluentBitECRImage(service.taskDefinition, undefined, 'stable'),
  firelensConfig: { type: ecs.FirelensLogRouterType.FLUENTBIT },
  essential: true,
  memoryReservationMiB: 50,
  logging: ecs.LogDrivers.awsLogs({ logGroup: routerLogs, streamPrefix: 'router' }),
});
acknowledge(service.taskDefinition.obtainExecutionRole(), 'AwsSolutions-IAM5[Resource::*]',
  'aws-cdk-lib\'s obtainDefaultFluentBitECRImage grants the ECR pull on any repository; the endpoint policy admits only the AWS for Fluent Bit repository.');

// A custom resource answered from inside the VPC: the handler PUTs its response to CloudFormation's presigned URL.
const handler = new lambda.Function(stack, 'InVpcHandler', {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  timeout: Duration.minutes(1),
  code: lambda.Code.fromInline([
    'const https = require("https");',
    'exports.handler = async (event) => {',
    '  const body = JSON.stringify({ Status: "SUCCESS", PhysicalResourceId: "in-vpc-response", StackId: event.StackId,',
    '    RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId, Data: { Answered: "from-the-vpc" } });',
    '  const url = new URL(event.ResponseURL);',
    '  await new Promise((resolve, reject) => {',
    '    const req = https.request({ hostname: url.hostname, path: url.pathname + url.search, method: "PUT",',
    '      headers: { "content-type": "", "content-length": Buffer.byteLength(body) } }, (res) => { res.resume(); res.on("end", resolve); });',
    '    req.on("error", reject); req.end(body);',
    '  });',
    '};',
  ].join('\n')),
});
const answered = new CustomResource(stack, 'AnsweredFromTheVpc', { serviceToken: handler.functionArn });
for (const id of ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]']) {
  acknowledge(handler.role!, id, 'The two AWS managed policies every VPC-attached function needs: its logs and its network interfaces.');
}

const integ = new IntegTest(app, 'AwsOwnedImagesTest', { testCases: [stack], diffAssets: true, hooks: guardDutyCleanup(stack) });
const WAIT = { totalTimeout: Duration.minutes(15), interval: Duration.seconds(20) };

const tasks = assertTasksRunning(integ, service.cluster.clusterName, service.service.serviceName, 1);
const router = integ.assertions
  .awsApiCall('ECS', 'describeTasks', { cluster: service.cluster.clusterName, tasks: [tasks.getAttString('taskArns.0')] })
  .expect(ExpectedResult.objectLike({
    tasks: Match.arrayWith([Match.objectLike({ containers: Match.arrayWith([Match.objectLike({ name: 'log-router', lastStatus: 'RUNNING' })]) })]),
  }))
  .waitForAssertions(WAIT);
tasks.next(router);
integ.assertions.expect('CustomResourceAnswered', ExpectedResult.exact('from-the-vpc'), ActualResult.fromCustomResource(answered, 'Answered'));
