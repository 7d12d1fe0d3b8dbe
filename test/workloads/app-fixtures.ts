// A production-shaped app, as the issue describes it: an API service that sends to SQS, writes
// DynamoDB, publishes to SNS, assumes a partner role, reads a secret through the SDK, uses a KMS
// key, sits behind an internal ALB and scales on CPU.
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { EndpointPreset, IsolatedVpc, PrivateFargateService } from '../../src';

export const IMAGE = ecs.ContainerImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1');

export function productionApp(endpoints: EndpointPreset) {
  const app = new App();
  const stack = new Stack(app, 'Prod');
  const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints });
  const api = new PrivateFargateService(stack, 'Api', { vpc, image: IMAGE, serviceName: 'api', containerPort: 8080 });

  const key = new kms.Key(stack, 'JobsKey');
  const jobs = new sqs.Queue(stack, 'Jobs', { encryptionMasterKey: key });
  const table = new dynamodb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const topic = new sns.Topic(stack, 'Events');
  const secret = new secretsmanager.Secret(stack, 'PartnerToken');
  const signingKey = new kms.Key(stack, 'SigningKey');
  const partnerRole = iam.Role.fromRoleArn(stack, 'Partner', 'arn:aws:iam::210987654321:role/partner-api');

  const role = api.taskDefinition.taskRole;
  jobs.grantSendMessages(role);
  table.grantReadWriteData(role);
  topic.grantPublish(role);
  secret.grantRead(role);
  signingKey.grantEncryptDecrypt(role);
  partnerRole.grantAssumeRole(role);

  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: false, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
  alb.addListener('Http', { port: 80, open: false }).addTargets('Api', { port: 8080, targets: [api.service] });
  api.service.autoScaleTaskCount({ maxCapacity: 4 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
  return { app, stack, vpc, api, key, jobs, table, topic, secret, signingKey };
}
