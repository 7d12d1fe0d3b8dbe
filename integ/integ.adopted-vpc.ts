// A network the app does not own: a platform team's stack, written with aws-cdk-lib alone, holds an
// isolated VPC, its interface endpoints behind one security group, and the S3 gateway. The app's
// stack adopts it with IsolatedVpc.fromExistingVpc, declares what the VPC has, and runs a
// PrivateFargateService in it; its only change to the network is one ingress rule, in its own
// stack, on the platform's endpoint group. Deployed, the task reaches RUNNING and ECS Exec runs a
// command through the platform's ssmmessages endpoint.
import * as path from 'path';
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { assertExecWorks, assertTasksRunning } from './ecs-assertions';
import { guardDutyCleanup, integApp } from './integ-app';
import { IsolatedVpc, PrivateFargateService } from '../src';

const app = integApp();
const S = ec2.InterfaceVpcEndpointAwsService;
const HANDED_OVER = [S.ECR, S.ECR_DOCKER, S.CLOUDWATCH_LOGS, S.SSM_MESSAGES];

// What a platform team deploys, with aws-cdk-lib only.
const network = new Stack(app, 'PlatformNetwork');
const platformVpc = new ec2.Vpc(network, 'Vpc', {
  ipAddresses: ec2.IpAddresses.cidr('10.40.0.0/16'),
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration: [{ name: 'Workloads', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 20 }],
  flowLogs: {
    All: { destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(network, 'FlowLogs', { retention: logs.RetentionDays.ONE_YEAR })) },
  },
});
const endpointGroup = new ec2.SecurityGroup(network, 'EndpointGroup', {
  vpc: platformVpc,
  description: 'Interface endpoints of the platform VPC',
  allowAllOutbound: false,
});
for (const service of HANDED_OVER) {
  platformVpc.addInterfaceEndpoint(service.shortName.replace(/\W/g, ''), { service, privateDnsEnabled: true, securityGroups: [endpointGroup], open: false });
}
platformVpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });

// The app's stack.
const stack = new Stack(app, 'AdoptedVpcApp');
stack.addDependency(network);
const vpc = IsolatedVpc.fromExistingVpc(stack, 'Network', {
  vpc: platformVpc,
  endpoints: HANDED_OVER,
  gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.S3],
  endpointSecurityGroup: endpointGroup,
});
const service = new PrivateFargateService(stack, 'Service', {
  vpc,
  image: ecs.ContainerImage.fromAsset(path.join(__dirname, '..', 'reference', 'image')),
  serviceName: 'adopted-vpc-service',
  desiredCount: 1,
  logRemovalPolicy: RemovalPolicy.DESTROY,
});

const integ = new IntegTest(app, 'AdoptedVpcTest', {
  testCases: [network, stack],
  diffAssets: true,
  hooks: guardDutyCleanup(stack, network),
});
const tasks = assertTasksRunning(integ, service.cluster.clusterName, service.service.serviceName, 1);
assertExecWorks(integ, service.cluster.clusterName, tasks, service.container.containerName);
