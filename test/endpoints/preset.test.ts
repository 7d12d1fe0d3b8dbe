import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { EndpointPreset, IsolatedVpc, PrivateFargateService } from '../../src';
import { privateImage, S } from '../util';

const IMAGE = privateImage('123456789012', 'us-east-1');
const ISOLATED = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

function autoVpc() {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO });
  return { app, stack, vpc };
}

function interfaceEndpoints(stack: Stack): string[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }))
    .map((r: any) => r.Properties.ServiceName['Fn::Join'][1][2].slice(1))
    .sort();
}

function plainService(stack: Stack, vpc: ec2.IVpc, configure: (td: ecs.FargateTaskDefinition) => void = () => {}) {
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  taskDefinition.addContainer('app', { image: IMAGE, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }) });
  configure(taskDefinition);
  return new ecs.FargateService(stack, 'Svc', {
    cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition, vpcSubnets: ISOLATED, minHealthyPercent: 100,
  });
}

describe('EndpointPreset', () => {
  test('names and services', () => {
    expect(EndpointPreset.FARGATE.name).toBe('FARGATE');
    expect(EndpointPreset.FARGATE.services.map((s) => s.shortName)).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages']);
    expect(EndpointPreset.EC2.services.map((s) => s.shortName)).toEqual(
      ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages', 'ecs', 'ecs-agent', 'ecs-telemetry']);
    expect(EndpointPreset.NONE.services).toEqual([]);
    expect(EndpointPreset.AUTO.services).toEqual([]);
    expect(EndpointPreset.custom([S.SQS]).name).toBe('CUSTOM');
  });

  test('custom copies its list', () => {
    const list = [S.SQS];
    const preset = EndpointPreset.custom(list);
    list.push(S.SNS);
    expect(preset.services).toHaveLength(1);
  });
});

describe('EndpointPreset.AUTO', () => {
  test('the reference service gets exactly ecr.api, ecr.dkr, logs and ssmmessages, a third cheaper than the seed', () => {
    const { stack, vpc } = autoVpc();
    new PrivateFargateService(stack, 'Service', { vpc, image: ecs.ContainerImage.fromAsset(path.join(__dirname, '..', '..', 'reference', 'image')) });
    expect(interfaceEndpoints(stack)).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'ssmmessages']);
    expect(vpc.derivesEndpoints).toBe(true);
    expect(vpc.estimateMonthlyEndpointCost()).toBeCloseTo(58.4, 2);
    expect(vpc.estimateMonthlyEndpointCost() / 87.6).toBeCloseTo(2 / 3, 5);
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 5);
    Annotations.fromStack(stack).hasInfo('/Stack/Vpc', Match.stringLikeRegexp('4 interface endpoints \\(ecr.api, ecr.dkr, logs, ssmmessages\\) in 2 AZs cost \\$58.40 a month'));
  });

  test('the service waits for the endpoints AUTO created for it', () => {
    const { stack, vpc } = autoVpc();
    new PrivateFargateService(stack, 'Service', { vpc, image: IMAGE });
    const dependsOn: string[] = (Object.values(Template.fromStack(stack).findResources('AWS::ECS::Service'))[0] as any).DependsOn;
    expect(dependsOn.filter((d) => d.startsWith('Vpc')).map((d) => d.replace(/[0-9A-F]{8}$/, '')).sort())
      .toEqual(['VpcEcrApiEndpoint', 'VpcEcrDkrEndpoint', 'VpcLogsEndpoint', 'VpcS3Endpoint', 'VpcSsmmessagesEndpoint']);
  });

  test('a plain service that reads a Secrets Manager secret gets secretsmanager too', () => {
    const { stack, vpc } = autoVpc();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    plainService(stack, vpc, (td) => td.defaultContainer!.addSecret('DB', ecs.Secret.fromSecretsManager(secret)));
    expect(interfaceEndpoints(stack)).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager']);
  });

  test('no workloads, no interface endpoints', () => {
    const { stack } = autoVpc();
    expect(interfaceEndpoints(stack)).toEqual([]);
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 1);
  });

  test.each<[string, (stack: Stack, vpc: IsolatedVpc) => void, string[]]>([
    ['an SSM parameter', (stack, vpc) => plainService(stack, vpc, (td) =>
      td.defaultContainer!.addSecret('P', ecs.Secret.fromSsmParameter(new ssm.StringParameter(stack, 'P', { stringValue: 'x' })))), ['ssm']],
    ['Exec with a KMS key', (stack, vpc) => new PrivateFargateService(stack, 'Service', { vpc, image: IMAGE, execKmsKey: new kms.Key(stack, 'Key') }),
      ['kms', 'ssmmessages']],
    ['the X-Ray daemon', (stack, vpc) => plainService(stack, vpc, (td) =>
      td.addContainer('xray', { image: ecs.ContainerImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/aws-xray-daemon:3') })), ['xray']],
    ['FireLens to Kinesis Data Streams', (stack, vpc) => plainService(stack, vpc, (td) => td.addContainer('web', {
      image: IMAGE, logging: ecs.LogDrivers.firelens({ options: { Name: 'kinesis_streams', region: 'us-east-1', stream: 's' } }),
    })), ['kinesis-streams']],
    ['EC2 capacity', (stack, vpc) => {
      plainService(stack, vpc);
      (stack.node.findChild('Cluster') as ecs.Cluster).addCapacity('Capacity', { instanceType: new ec2.InstanceType('t3.small'), vpcSubnets: ISOLATED });
    }, ['ecs', 'ecs-agent', 'ecs-telemetry']],
  ])('%s adds its endpoints', (_name, build, extra) => {
    const { stack, vpc } = autoVpc();
    build(stack, vpc);
    const base = ['ecr.api', 'ecr.dkr', 'logs'];
    expect(interfaceEndpoints(stack)).toEqual([...new Set([...base, ...extra])].sort());
  });

  test('Service Connect adds ecs-agent', () => {
    const { stack, vpc } = autoVpc();
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, defaultCloudMapNamespace: { name: 'local', useForServiceConnect: true } });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('api', { image: IMAGE, portMappings: [{ containerPort: 80, name: 'api' }] });
    new ecs.FargateService(stack, 'Svc', {
      cluster, taskDefinition, vpcSubnets: ISOLATED, minHealthyPercent: 100, serviceConnectConfiguration: { services: [{ portMappingName: 'api' }] },
    });
    expect(interfaceEndpoints(stack)).toEqual(['ecr.api', 'ecr.dkr', 'ecs-agent']);
  });
});
