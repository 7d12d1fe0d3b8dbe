import * as path from 'path';
import { App, ArnFormat, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CLI_CONTEXT, SERVICES_PER_STACK } from './library-app';

const IMAGE_DIR = path.join(__dirname, '..', 'reference', 'image');
const S = ec2.InterfaceVpcEndpointAwsService;

/**
 * The same architecture written with aws-cdk-lib alone, as a careful team would without the
 * library: the seed's isolated VPC and endpoints, and per service what PrivateFargateService
 * makes (roles with the confused-deputy guard, awslogs non-blocking, Exec, circuit breaker).
 * Like the seed, each service opens the endpoint security group with a rule of its own.
 */
export function handWrittenApp(n: number, outdir: string): App {
  const app = new App({ outdir, context: CLI_CONTEXT });
  const network = new Stack(app, 'Network');
  const vpc = new ec2.Vpc(network, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
    maxAzs: 2,
    natGateways: 0,
    restrictDefaultSecurityGroup: true,
    subnetConfiguration: [
      { name: 'Reserved', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 18, reserved: true },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 18 },
    ],
  });
  const s3 = vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const endpointGroup = new ec2.SecurityGroup(network, 'EndpointGroup', { vpc, allowAllOutbound: false });
  const endpoints = [S.ECR, S.ECR_DOCKER, S.CLOUDWATCH_LOGS, S.SECRETS_MANAGER, S.SSM, S.SSM_MESSAGES].map((service) =>
    vpc.addInterfaceEndpoint(service.shortName, { service, privateDnsEnabled: true, securityGroups: [endpointGroup], open: false }));

  let stack: Stack | undefined;
  let cluster: ecs.Cluster | undefined;
  let execLogs: logs.LogGroup | undefined;
  const image = ecs.ContainerImage.fromAsset(IMAGE_DIR);
  for (let i = 0; i < n; i++) {
    if (i % SERVICES_PER_STACK === 0) {
      stack = new Stack(app, `Services${i / SERVICES_PER_STACK + 1}`);
      execLogs = new logs.LogGroup(stack, 'ExecLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
      cluster = new ecs.Cluster(stack, 'Cluster', {
        vpc,
        containerInsightsV2: ecs.ContainerInsights.ENABLED,
        executeCommandConfiguration: { logging: ecs.ExecuteCommandLogging.OVERRIDE, logConfiguration: { cloudWatchLogGroup: execLogs } },
      });
    }
    const name = `service-${i + 1}`;
    const scope = stack!;
    const id = (x: string) => `Service${i + 1}${x}`;
    const principal = new iam.ServicePrincipal('ecs-tasks.amazonaws.com').withConditions({
      ArnLike: { 'aws:SourceArn': scope.formatArn({ service: 'ecs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
      StringEquals: { 'aws:SourceAccount': scope.account },
    });
    const logGroup = new logs.LogGroup(scope, id('Logs'), { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const taskDefinition = new ecs.FargateTaskDefinition(scope, id('Task'), {
      family: name,
      cpu: 256,
      memoryLimitMiB: 512,
      executionRole: new iam.Role(scope, id('ExecutionRole'), { assumedBy: principal }),
      taskRole: new iam.Role(scope, id('TaskRole'), { assumedBy: principal }),
    });
    taskDefinition.addContainer('Container', {
      containerName: name,
      image,
      linuxParameters: new ecs.LinuxParameters(scope, id('Linux'), { initProcessEnabled: true }),
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: name, mode: ecs.AwsLogDriverMode.NON_BLOCKING, maxBufferSize: Size.mebibytes(25) }),
    });
    const group = new ec2.SecurityGroup(scope, id('Group'), { vpc });
    // In the service's stack, as the seed's PrivateLinkIngressFromService: a rule in the network stack would make a cycle.
    new ec2.CfnSecurityGroupIngress(scope, id('EndpointIngress'), {
      groupId: endpointGroup.securityGroupId,
      sourceSecurityGroupId: group.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
    });
    const service = new ecs.FargateService(scope, id('Service'), {
      cluster: cluster!,
      taskDefinition,
      serviceName: name,
      desiredCount: 2,
      minHealthyPercent: 75,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [group],
      enableExecuteCommand: true,
    });
    service.node.addDependency(s3, endpoints[0], endpoints[1], endpoints[2], endpoints[5]);
  }
  return app;
}
