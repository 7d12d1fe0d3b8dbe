// Central endpoints: a hub VPC whose interface endpoints a Route 53 Profile resolves in a spoke VPC,
// joined by a transit gateway the test creates, in one account and region. The spoke has no
// interface endpoint of its own for what the hub serves, only its S3 gateway; a PrivateFargateService
// in it pulls its image through the hub's ECR endpoints. Deployed, the task reaches RUNNING, and the
// Exec round trip answers through the hub's ssmmessages endpoint.
import * as path from 'path';
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { assertExecWorks, assertTasksRunning } from './ecs-assertions';
import { guardDutyCleanup, integApp } from './integ-app';
import { EndpointPreset, IsolatedVpc, PrivateFargateService, SharedEndpoints } from '../src';

const app = integApp();

const hubStack = new Stack(app, 'SharedEndpointsHub');
const transitGateway = new ec2.CfnTransitGateway(hubStack, 'TransitGateway', {
  description: 'Joins the hub of shared endpoints and its spokes (integ test)',
  defaultRouteTableAssociation: 'enable',
  defaultRouteTablePropagation: 'enable',
  dnsSupport: 'enable',
});
const hubVpc = new IsolatedVpc(hubStack, 'Vpc', { cidr: '10.100.0.0/16', endpoints: EndpointPreset.FARGATE });
const shared = new SharedEndpoints(hubStack, 'Shared', {
  vpc: hubVpc,
  allowedCidrs: ['10.1.0.0/16'],
  transitGatewayId: transitGateway.ref,
});

const spokeStack = new Stack(app, 'SharedEndpointsSpoke');
const spokeVpc = new IsolatedVpc(spokeStack, 'Vpc', { cidr: '10.1.0.0/16', endpoints: EndpointPreset.AUTO, sharedEndpoints: shared.reference });
const service = new PrivateFargateService(spokeStack, 'Service', {
  vpc: spokeVpc,
  image: ecs.ContainerImage.fromAsset(path.join(__dirname, '..', 'reference', 'image')),
  serviceName: 'shared-endpoints-spoke',
  desiredCount: 1,
  logRemovalPolicy: RemovalPolicy.DESTROY,
});

const integ = new IntegTest(app, 'SharedEndpointsTest', {
  testCases: [hubStack, spokeStack],
  diffAssets: true,
  hooks: guardDutyCleanup(spokeStack, hubStack),
});
const tasks = assertTasksRunning(integ, service.cluster.clusterName, service.service.serviceName, 1);
assertExecWorks(integ, service.cluster.clusterName, tasks, service.container.containerName);
