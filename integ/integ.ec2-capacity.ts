// ECS on EC2 capacity in an isolated VPC: ECS-optimized instances (AMI from the public SSM
// parameter) in the isolated subnets, as a capacity provider, with the EC2 endpoint preset.
// Deployed, it proves the container instance registers through the ecs endpoints and the task runs.
import * as path from 'path';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { integApp } from './integ-app';
import { EndpointPreset, IsolatedVpc } from '../src';
import { assertTasksRunning } from './ecs-assertions';
import { acknowledge } from '../src/iam/acknowledge';

const app = integApp();
const stack = new Stack(app, 'Ec2Capacity');
// Launch templates: launch configurations are in maintenance mode (cfn-lint W3697).
stack.node.setContext('@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig', true);
const isolated = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.EC2 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });

const autoScalingGroup = new autoscaling.AutoScalingGroup(stack, 'Instances', {
  vpc,
  vpcSubnets: isolated,
  instanceType: new ec2.InstanceType('t3.small'),
  machineImage: ecs.EcsOptimizedImage.amazonLinux2023(),
  minCapacity: 1,
  maxCapacity: 1,
  requireImdsv2: true,
  blockDevices: [{ deviceName: '/dev/xvda', volume: autoscaling.BlockDeviceVolume.ebs(30, { encrypted: true }) }],
});
const capacityProvider = new ecs.AsgCapacityProvider(stack, 'CapacityProvider', {
  autoScalingGroup,
  // Lets the stack delete the instances on teardown.
  enableManagedTerminationProtection: false,
});
cluster.addAsgCapacityProvider(capacityProvider);

const taskDefinition = new ecs.Ec2TaskDefinition(stack, 'Task', { networkMode: ecs.NetworkMode.AWS_VPC });
taskDefinition.addContainer('app', {
  image: ecs.ContainerImage.fromAsset(path.join(__dirname, '..', 'reference', 'image')),
  memoryLimitMiB: 128,
  logging: ecs.LogDrivers.awsLogs({
    streamPrefix: 'app',
    logGroup: new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY }),
  }),
});
const service = new ecs.Ec2Service(stack, 'Service', {
  cluster,
  taskDefinition,
  desiredCount: 1,
  minHealthyPercent: 0,
  vpcSubnets: isolated,
  circuitBreaker: { enable: true, rollback: true },
  capacityProviderStrategies: [{ capacityProvider: capacityProvider.capacityProviderName, weight: 1 }],
});

// What aws-cdk-lib's ECS capacity provider makes (instance role, drain hook) and this short-lived
// test needs no more of, acknowledged with the reason.
acknowledge(autoScalingGroup, 'AwsSolutions-IAM5[Resource::*]', 'The ECS agent registers and polls with ecs actions that take no resource, and the drain hook describes instances.');
acknowledge(autoScalingGroup, 'AwsSolutions-IAM5[Action::ecs:Submit*]', 'The ECS container instance role reports task and container state with ecs:Submit*.');
acknowledge(autoScalingGroup, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  'The drain hook Lambda of aws-cdk-lib writes its logs with the basic execution policy.');
acknowledge(autoScalingGroup, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:autoscaling:<AWS::Region>:<AWS::AccountId>:autoScalingGroup:*:autoScalingGroupName/<${
  stack.resolve((autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup).logicalId)}>]`, 'The drain hook completes lifecycle actions of this group, whose ARN holds a generated ID.');
acknowledge(autoScalingGroup, 'AwsSolutions-L1', 'The drain hook Lambda runtime is chosen by aws-cdk-lib.');
acknowledge(autoScalingGroup, 'AwsSolutions-SNS3', 'The drain hook topic only carries lifecycle notifications from Auto Scaling to the hook.');
acknowledge(autoScalingGroup, 'AwsSolutions-AS3', 'A one-instance test group; scaling notifications would have no reader.');
acknowledge(taskDefinition, 'AwsSolutions-IAM5[Resource::*]', 'ecr:GetAuthorizationToken has no resource to scope to.');
acknowledge(taskDefinition, 'AwsSolutions-ECS2', 'No secret is passed in environment variables; the finding is about the empty environment aws-cdk-lib renders.');

const integ = new IntegTest(app, 'Ec2CapacityTest', {
  testCases: [stack],
  diffAssets: true,
});

const registered = integ.assertions
  .awsApiCall('ECS', 'listContainerInstances', { cluster: cluster.clusterName, status: 'ACTIVE' }, ['containerInstanceArns'])
  .assertAtPath('containerInstanceArns.0', ExpectedResult.stringLikeRegexp(':container-instance/'))
  .waitForAssertions({ totalTimeout: Duration.minutes(15), interval: Duration.seconds(30) });
registered.next(assertTasksRunning(integ, cluster.clusterName, service.serviceName, 1));
