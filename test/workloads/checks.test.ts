import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { EndpointPreset, IsolatedVpc, IsolatedVpcProps } from '../../src';
import { privateImage, S } from '../util';

const IMAGE = privateImage('123456789012', 'us-east-1');
const ISOLATED = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

/** A plain aws-cdk-lib Fargate service in an IsolatedVpc, as a user writes it without this library's service. */
function plainService(vpcProps: IsolatedVpcProps = {}, options: { exec?: boolean; cluster?: ecs.ClusterProps } = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const vpc = new IsolatedVpc(stack, 'Vpc', vpcProps);
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, ...options.cluster });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  const app_ = taskDefinition.addContainer('app', { image: IMAGE, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }) });
  const service = new ecs.FargateService(stack, 'Svc', {
    cluster, taskDefinition, vpcSubnets: ISOLATED, enableExecuteCommand: options.exec ?? false, minHealthyPercent: 100,
  });
  return { app, stack, vpc, cluster, taskDefinition, container: app_, service };
}

function only(...services: ec2.InterfaceVpcEndpointAwsService[]): IsolatedVpcProps {
  return { endpoints: EndpointPreset.custom(services) };
}

const BASE = [S.ECR, S.ECR_DOCKER, S.CLOUDWATCH_LOGS];

describe('missing endpoints are synth errors that say what to add', () => {
  test('image in private ECR needs ecr.api and ecr.dkr', () => {
    const { app } = plainService(only(S.CLOUDWATCH_LOGS));
    expect(() => app.synth()).toThrow(
      /ecs\.FargateService 'Stack\/Svc', container 'app' pulls its image from private ECR, which needs the 'ecr\.api' interface endpoint \(ECR API: .*\)\. IsolatedVpc 'Stack\/Vpc' \(preset CUSTOM\) has none, so tasks stay PENDING, then stop with ResourceInitializationError or CannotPullContainerError\. Add it: vpc\.addEndpoint\(ec2\.InterfaceVpcEndpointAwsService\.ECR\), or let the VPC create what its workloads need: endpoints: EndpointPreset\.AUTO\./);
    expect(() => app.synth()).toThrow(/needs the 'ecr\.dkr' interface endpoint.*Add it: vpc\.addEndpoint\(ec2\.InterfaceVpcEndpointAwsService\.ECR_DOCKER\)/);
  });

  test('awslogs needs logs', () => {
    const { app } = plainService(only(S.ECR, S.ECR_DOCKER));
    expect(() => app.synth()).toThrow(/container 'app' sends its output to CloudWatch Logs \(awslogs log driver\), which needs the 'logs' interface endpoint.*failed to validate logger args.*InterfaceVpcEndpointAwsService\.CLOUDWATCH_LOGS/);
  });

  test('passes when the endpoints are there', () => {
    const { app } = plainService(only(...BASE));
    expect(() => app.synth()).not.toThrow();
  });

  test('a Secrets Manager secret added after construction needs secretsmanager', () => {
    const { app, stack, container } = plainService(only(...BASE));
    container.addSecret('DB', ecs.Secret.fromSecretsManager(new secretsmanager.Secret(stack, 'Secret')));
    expect(() => app.synth()).toThrow(/container 'app' reads a Secrets Manager secret, which needs the 'secretsmanager' interface endpoint.*unable to pull secrets.*SECRETS_MANAGER\)/);
  });

  test('an imported secret by name needs secretsmanager', () => {
    const { app, stack, container } = plainService(only(...BASE, S.SSM));
    container.addSecret('DB', ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'Imported', 'db')));
    expect(() => app.synth()).toThrow(/reads a Secrets Manager secret, which needs the 'secretsmanager'/);
  });

  test('an SSM parameter needs ssm, not secretsmanager', () => {
    const { app, stack, container } = plainService(only(...BASE));
    container.addSecret('FLAG', ecs.Secret.fromSsmParameter(new ssm.StringParameter(stack, 'Param', { stringValue: 'x' })));
    expect(() => app.synth()).toThrow(/container 'app' reads an SSM Parameter Store parameter, which needs the 'ssm' interface endpoint/);
    expect(() => app.synth()).not.toThrow(/secretsmanager/);
  });

  test('a container added after construction is checked too', () => {
    const { app, taskDefinition } = plainService(only(...BASE));
    taskDefinition.addContainer('xray', { image: ecs.ContainerImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/aws-xray-daemon:3') });
    expect(() => app.synth()).toThrow(/container 'xray' runs the X-Ray daemon, which needs the 'xray' interface endpoint.*InterfaceVpcEndpointAwsService\.XRAY\)/);
  });

  test('ECS Exec needs ssmmessages', () => {
    const { app } = plainService(only(...BASE), { exec: true });
    expect(() => app.synth()).toThrow(/ecs\.FargateService 'Stack\/Svc' has ECS Exec enabled, which needs the 'ssmmessages' interface endpoint.*TargetNotConnectedException.*SSM_MESSAGES\)/);
  });

  test('ECS Exec with the cluster KMS key needs kms; with session logging to CloudWatch, logs', () => {
    const stack0 = new Stack(new App(), 'KeyStack');
    const { app } = plainService(only(S.ECR, S.ECR_DOCKER, S.SSM_MESSAGES), {
      exec: true,
      cluster: {
        executeCommandConfiguration: {
          kmsKey: kms.Key.fromKeyArn(stack0, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/abc'),
          logging: ecs.ExecuteCommandLogging.OVERRIDE,
          logConfiguration: { cloudWatchLogGroup: logs.LogGroup.fromLogGroupName(stack0, 'Logs', 'exec') },
        },
      },
    });
    expect(() => app.synth()).toThrow(/ecs\.FargateService 'Stack\/Svc' encrypts ECS Exec sessions with a KMS key, which needs the 'kms' interface endpoint.*InterfaceVpcEndpointAwsService\.KMS\)/);
    expect(() => app.synth()).toThrow(/logs ECS Exec sessions to CloudWatch Logs, which needs the 'logs' interface endpoint/);
  });

  test('FireLens to Kinesis Data Firehose needs kinesis-firehose', () => {
    const { app, taskDefinition } = plainService(only(...BASE));
    taskDefinition.addFirelensLogRouter('router', {
      image: ecs.ContainerImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/fluent-bit:2'),
      firelensConfig: { type: ecs.FirelensLogRouterType.FLUENTBIT },
    });
    taskDefinition.addContainer('web', {
      image: IMAGE,
      logging: ecs.LogDrivers.firelens({ options: { Name: 'kinesis_firehose', region: 'us-east-1', delivery_stream: 's' } }),
    });
    expect(() => app.synth()).toThrow(/container 'web' routes logs with FireLens to Kinesis Data Firehose, which needs the 'kinesis-firehose' interface endpoint.*KINESIS_FIREHOSE\)/);
  });

  test('EC2 capacity needs ecs, ecs-agent and ecs-telemetry, and names the EC2 preset', () => {
    const { app, cluster } = plainService(only(...BASE));
    cluster.addCapacity('Capacity', { instanceType: new ec2.InstanceType('t3.small'), vpcSubnets: ISOLATED });
    for (const [endpoint, member] of [['ecs', 'ECS'], ['ecs-agent', 'ECS_AGENT'], ['ecs-telemetry', 'ECS_TELEMETRY']]) {
      expect(() => app.synth()).toThrow(new RegExp(
        `ecs\\.Cluster 'Stack/Cluster' \\(EC2 capacity\\) runs on EC2 container instances, which needs the '${endpoint}' interface endpoint.*never register.*`
        + `Add it: vpc\\.addEndpoint\\(ec2\\.InterfaceVpcEndpointAwsService\\.${member}\\), or use endpoints: EndpointPreset\\.EC2`));
    }
  });

  test('EC2 capacity passes with the EC2 preset, and its instances get endpoint access', () => {
    const { app, stack, cluster } = plainService({ endpoints: EndpointPreset.EC2 });
    cluster.addCapacity('Capacity', { instanceType: new ec2.InstanceType('t3.small'), vpcSubnets: ISOLATED });
    app.synth();
    const template = Template.fromStack(stack);
    const launch = { ...template.findResources('AWS::EC2::LaunchTemplate'), ...template.findResources('AWS::AutoScaling::LaunchConfiguration') };
    expect(Object.keys(launch)).toHaveLength(1);
    expect(JSON.stringify(launch)).toMatch(/VpcEndpointClientSecurityGroup/);
  });

  test('Service Connect needs ecs-agent', () => {
    const { app, stack, vpc } = plainService(only(...BASE));
    const cluster = new ecs.Cluster(stack, 'Connected', { vpc, defaultCloudMapNamespace: { name: 'local', useForServiceConnect: true } });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'ConnectedTask');
    taskDefinition.addContainer('api', { image: IMAGE, portMappings: [{ containerPort: 80, name: 'api' }] });
    new ecs.FargateService(stack, 'ConnectedSvc', {
      cluster, taskDefinition, vpcSubnets: ISOLATED, minHealthyPercent: 100, serviceConnectConfiguration: { services: [{ portMappingName: 'api' }] },
    });
    expect(() => app.synth()).toThrow(/ecs\.FargateService 'Stack\/ConnectedSvc' uses Service Connect, which needs the 'ecs-agent' interface endpoint/);
  });

  test('one message per missing endpoint names every workload that needs it', () => {
    const { app, stack, cluster } = plainService(only(S.ECR, S.ECR_DOCKER));
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task2');
    taskDefinition.addContainer('worker', { image: IMAGE, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'w' }) });
    new ecs.FargateService(stack, 'Svc2', { cluster, taskDefinition, vpcSubnets: ISOLATED, minHealthyPercent: 100 });
    expect(() => app.synth()).toThrow(/ecs\.FargateService 'Stack\/Svc', container 'app'; ecs\.FargateService 'Stack\/Svc2', container 'worker' sends its output/);
  });

  test('a service in another stack that uses the VPC is checked', () => {
    const app = new App();
    const vpc = new IsolatedVpc(new Stack(app, 'Network'), 'Vpc', only(S.ECR, S.ECR_DOCKER));
    const stack = new Stack(app, 'Services');
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('app', { image: IMAGE, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }) });
    new ecs.FargateService(stack, 'Svc', { cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition, vpcSubnets: ISOLATED, minHealthyPercent: 100 });
    expect(() => app.synth()).toThrow(/ecs\.FargateService 'Services\/Svc', container 'app' sends its output to CloudWatch Logs.*IsolatedVpc 'Network\/Vpc'/);
  });

  test('an endpoint created with new InterfaceVpcEndpoint counts as present', () => {
    const { app, stack, vpc } = plainService(only(S.ECR, S.ECR_DOCKER));
    new ec2.InterfaceVpcEndpoint(stack, 'OwnLogs', { vpc, service: S.CLOUDWATCH_LOGS });
    expect(() => app.synth()).not.toThrow();
  });

  test('services in a plain ec2.Vpc are left alone', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    new IsolatedVpc(stack, 'Isolated', only());
    const vpc = new ec2.Vpc(stack, 'Plain');
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx') });
    new ecs.FargateService(stack, 'Svc', { cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition, assignPublicIp: true, minHealthyPercent: 100 });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('what can never work in an isolated VPC', () => {
  test('a public image in a plain service, also in a container added later', () => {
    const { app, taskDefinition } = plainService();
    taskDefinition.addContainer('sidecar', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-otel-collector') });
    expect(() => app.synth()).toThrow(
      /ecs\.FargateService 'Stack\/Svc', container 'sidecar': image 'public\.ecr\.aws\/aws-observability\/aws-otel-collector' comes from registry 'public\.ecr\.aws', which tasks in an isolated VPC can never reach.*ContainerImage\.fromAsset/);
  });

  test('assignPublicIp true', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new IsolatedVpc(stack, 'Vpc');
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('app', { image: IMAGE });
    new ecs.FargateService(stack, 'Svc', {
      cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition, vpcSubnets: ISOLATED, assignPublicIp: true, minHealthyPercent: 100,
    });
    expect(() => app.synth()).toThrow(/ecs\.FargateService 'Stack\/Svc': assignPublicIp is true, but the VPC is isolated.*Remove assignPublicIp \(false is the default\)/);
  });

  test('ECS Exec with a read-only root filesystem', () => {
    const { app, taskDefinition } = plainService({}, { exec: true });
    taskDefinition.addContainer('locked', { image: IMAGE, readonlyRootFilesystem: true });
    expect(() => app.synth()).toThrow(/ecs\.FargateService 'Stack\/Svc', container 'locked': readonlyRootFilesystem is true while the service has ECS Exec enabled.*Turn off one of the two/);
  });

  test('a read-only root filesystem without Exec is fine', () => {
    const { app, taskDefinition } = plainService();
    taskDefinition.addContainer('locked', { image: IMAGE, readonlyRootFilesystem: true });
    expect(() => app.synth()).not.toThrow();
  });

  test('a FireLens configuration file from S3 on Fargate', () => {
    const { app, taskDefinition } = plainService();
    taskDefinition.addFirelensLogRouter('router', {
      image: ecs.ContainerImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/fluent-bit:2'),
      firelensConfig: {
        type: ecs.FirelensLogRouterType.FLUENTBIT,
        options: { configFileType: ecs.FirelensConfigFileType.S3, configFileValue: 'arn:aws:s3:::bucket/fluent.conf', enableECSLogMetadata: true },
      },
    });
    expect(() => app.synth()).toThrow(/container 'router': the FireLens configuration file comes from S3 \(config-file-type 's3'\), which Fargate does not support/);
  });
});

describe('plain services get what PrivateFargateService gets', () => {
  test('the endpoint client group and dependencies on the endpoints they need', () => {
    const { app, stack } = plainService({}, { exec: true });
    app.synth();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: { SecurityGroups: Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcEndpointClientSecurityGroup'), 'GroupId'] }]) } },
    });
    const dependsOn: string[] = (Object.values(template.findResources('AWS::ECS::Service'))[0] as any).DependsOn;
    expect(dependsOn.filter((d) => d.startsWith('Vpc')).map((d) => d.replace(/[0-9A-F]{8}$/, '')).sort())
      .toEqual(['VpcEcrApiEndpoint', 'VpcEcrDkrEndpoint', 'VpcLogsEndpoint', 'VpcS3Endpoint', 'VpcSsmmessagesEndpoint']);
  });
});

describe('endpoint cost', () => {
  test('the seed set: 6 endpoints in 2 AZs cost $87.60 a month, reported as info', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = new IsolatedVpc(stack, 'Vpc');
    expect(vpc.estimateMonthlyEndpointCost()).toBeCloseTo(87.6, 2);
    Annotations.fromStack(stack).hasInfo('/Stack/Vpc', Match.stringLikeRegexp(
      "IsolatedVpc 'Stack/Vpc': 6 interface endpoints \\(ecr.api, ecr.dkr, logs, secretsmanager, ssm, ssmmessages\\) in 2 AZs cost \\$87.60 a month at \\$0.01 per endpoint per AZ per hour"));
  });

  test('at a configured price, in one AZ', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = new IsolatedVpc(stack, 'Vpc', { maxAzs: 1, endpointHourlyPrice: 0.012, endpoints: EndpointPreset.EC2 });
    expect(vpc.estimateMonthlyEndpointCost()).toBeCloseTo(9 * 0.012 * 730, 2);
    Annotations.fromStack(stack).hasInfo('/Stack/Vpc', Match.stringLikeRegexp('9 interface endpoints .* in 1 AZ cost \\$78.84 a month at \\$0.012'));
  });

  test('rejects a negative price', () => {
    expect(() => new IsolatedVpc(new Stack(new App(), 'Stack'), 'Vpc', { endpointHourlyPrice: -1 })).toThrow(
      "IsolatedVpc 'Stack/Vpc': endpointHourlyPrice -1 is not a price. Use the hourly price of one endpoint in one AZ in US dollars, such as 0.01 (the default).");
  });
});
