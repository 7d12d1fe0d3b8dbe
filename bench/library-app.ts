import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { EndpointPreset, IIsolatedVpc, IsolatedVpc, PrivateFargateService } from '../src';

export const SERVICES_PER_STACK = 40;

/** What `cdk synth` sets without --debug: no stack trace is captured for each construct's metadata. */
export const CLI_CONTEXT = { 'aws:cdk:disable-stack-trace': true };
const IMAGE_DIR = path.join(__dirname, '..', 'reference', 'image');

/**
 * The reference deployment through the library, with `n` services in one VPC: the VPC in its own
 * stack and the services in stacks of at most 40 (about 400 resources, under CloudFormation's 500).
 * With `grants`, each service's task role may also send to a queue and write a table of its own,
 * which the VPC reads at synth (services then go in stacks of at most 20). With `jobs`, each service
 * has a scheduled Fargate job beside it (an ecs_patterns.ScheduledFargateTask) that the VPC finds
 * through its EventBridge rule (also 20 per stack). With `adopted`, the VPC is a platform team's plain
 * `ec2.Vpc` with the FARGATE endpoints, adopted with `IsolatedVpc.fromExistingVpc` in a stack of its own.
 */
export function libraryApp(n: number, outdir: string, endpoints = EndpointPreset.FARGATE, grants = false, jobs = false, adopted = false):
{ app: App; vpc: IIsolatedVpc; services: PrivateFargateService[] } {
  const app = new App({ outdir, context: CLI_CONTEXT });
  const network = new Stack(app, 'Network');
  const vpc = adopted ? adoptedVpc(app, network, endpoints) : new IsolatedVpc(network, 'Vpc', { endpoints });
  const image = ecs.ContainerImage.fromAsset(IMAGE_DIR);
  const services: PrivateFargateService[] = [];
  let stack: Stack | undefined;
  const perStack = grants || jobs ? SERVICES_PER_STACK / 2 : SERVICES_PER_STACK;
  for (let i = 0; i < n; i++) {
    if (i % perStack === 0) stack = new Stack(app, `Services${i / perStack + 1}`);
    const service = new PrivateFargateService(stack!, `Service${i + 1}`, { vpc, image, serviceName: `service-${i + 1}` });
    if (grants) {
      new sqs.Queue(stack!, `Queue${i + 1}`).grantSendMessages(service.taskDefinition.taskRole);
      new dynamodb.Table(stack!, `Table${i + 1}`, { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }).grantWriteData(service.taskDefinition.taskRole);
    }
    if (jobs) {
      new ecsPatterns.ScheduledFargateTask(stack!, `Job${i + 1}`, {
        cluster: service.cluster,
        schedule: events.Schedule.rate(Duration.hours(1)),
        subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        scheduledFargateTaskImageOptions: { image },
      });
    }
    services.push(service);
  }
  return { app, vpc, services };
}

// A platform team's network written with aws-cdk-lib alone, and the stack that adopts it.
function adoptedVpc(app: App, network: Stack, endpoints: EndpointPreset): IIsolatedVpc {
  const platform = new ec2.Vpc(network, 'Vpc', {
    natGateways: 0,
    maxAzs: 2,
    subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 18 }],
  });
  const group = new ec2.SecurityGroup(network, 'EndpointGroup', { vpc: platform, allowAllOutbound: false });
  for (const service of endpoints.services) {
    platform.addInterfaceEndpoint(service.shortName, { service, privateDnsEnabled: true, securityGroups: [group], open: false });
  }
  platform.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  return IsolatedVpc.fromExistingVpc(new Stack(app, 'Adopted'), 'Vpc', {
    vpc: platform,
    endpoints: endpoints.services,
    gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.S3],
    endpointSecurityGroup: group,
  });
}
