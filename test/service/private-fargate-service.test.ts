import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EndpointPreset, IsolatedVpc, PrivateFargateService, PrivateFargateServiceProps } from '../../src';
import { S } from '../util';

const IMAGE_DIR = path.join(__dirname, '..', '..', 'reference', 'image');
const PRIVATE_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0';

function setup(vpcProps = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const vpc = new IsolatedVpc(stack, 'Vpc', vpcProps);
  return { app, stack, vpc };
}

function service(props: Partial<PrivateFargateServiceProps> = {}, vpcProps = {}) {
  const { app, stack, vpc } = setup(vpcProps);
  const svc = new PrivateFargateService(stack, 'Service', { vpc, image: ecs.ContainerImage.fromAsset(IMAGE_DIR), ...props });
  return { app, stack, vpc, svc };
}

describe('PrivateFargateService defaults (the seed service)', () => {
  const { stack, svc, vpc } = service();
  const template = Template.fromStack(stack);

  test('task definition: awsvpc, Fargate, 256 CPU / 512 MiB, family from the service name', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'sample-service',
      Cpu: '256',
      Memory: '512',
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
    });
  });

  test('container: the asset image in private ECR, awslogs non-blocking with a 25m buffer, init process', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Name: 'sample-service',
        Essential: true,
        Image: { 'Fn::Sub': Match.stringLikeRegexp('dkr\\.ecr\\..*cdk-hnb659fds-container-assets') },
        LinuxParameters: Match.objectLike({ InitProcessEnabled: true }),
        ReadonlyRootFilesystem: false,
        LogConfiguration: {
          LogDriver: 'awslogs',
          Options: {
            'awslogs-group': { Ref: Match.stringLikeRegexp('^ServiceLogGroup') },
            'awslogs-region': { Ref: 'AWS::Region' },
            'awslogs-stream-prefix': 'sample-service',
            'mode': 'non-blocking',
            'max-buffer-size': '26214400b',
          },
        },
      })],
    });
  });

  test('service: 2 tasks, 75/200, isolated subnets, no public IP, circuit breaker with rollback, Exec on', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'sample-service',
      LaunchType: 'FARGATE',
      PlatformVersion: 'LATEST',
      DesiredCount: 2,
      EnableExecuteCommand: true,
      DeploymentConfiguration: Match.objectLike({
        MinimumHealthyPercent: 75,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          AssignPublicIp: 'DISABLED',
          Subnets: [{ Ref: Match.stringLikeRegexp('^VpcIsolatedSubnet1') }, { Ref: Match.stringLikeRegexp('^VpcIsolatedSubnet2') }],
          SecurityGroups: [
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServiceSecurityGroup'), 'GroupId'] },
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcEndpointClientSecurityGroup'), 'GroupId'] },
          ],
        },
      },
    });
  });

  test('service waits for the S3 gateway and the endpoints its tasks need', () => {
    const services = template.findResources('AWS::ECS::Service');
    const dependsOn: string[] = (Object.values(services)[0] as any).DependsOn;
    const endpoints = dependsOn.filter((d) => d.startsWith('Vpc')).map((d) => d.replace(/[0-9A-F]{8}$/, ''));
    expect(endpoints.sort()).toEqual(['VpcEcrApiEndpoint', 'VpcEcrDkrEndpoint', 'VpcLogsEndpoint', 'VpcS3Endpoint', 'VpcSsmmessagesEndpoint']);
  });

  test('one cluster with Container Insights and Exec session logging to CloudWatch', () => {
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
      Configuration: {
        ExecuteCommandConfiguration: {
          Logging: 'OVERRIDE',
          LogConfiguration: { CloudWatchLogGroupName: { Ref: Match.stringLikeRegexp('^VpcClusterExecLogs') } },
        },
      },
    });
    expect(svc.cluster.node.path).toBe('Stack/VpcCluster');
  });

  test('log groups (container, Exec sessions, VPC flow logs) have a one-year retention and are kept on stack deletion', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 3);
    template.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { RetentionInDays: 365 } });
  });

  test('execution and task roles trust ecs-tasks only for this account and region', () => {
    const trust = {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'ecs-tasks.amazonaws.com' },
          Condition: {
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':*']] } },
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          },
        }],
      },
    };
    template.resourcePropertiesCountIs('AWS::IAM::Role', trust, 2);
    template.hasResourceProperties('AWS::IAM::Role', { ...trust, ManagedPolicyArns: Match.absent() });
  });

  test('the task role holds exactly the four ssmmessages actions Exec needs, plus session logging', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ServiceTaskRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
          Resource: '*',
        }]),
      },
    });
  });

  test('the execution role pulls from ECR and writes logs with scoped grants, no managed policy', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ServiceExecutionRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'] }),
          Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServiceLogGroup'), 'Arn'] } }),
        ]),
      },
    });
  });

  test('exposes its parts and connections', () => {
    expect(svc.service).toBeInstanceOf(ecs.FargateService);
    expect(svc.taskDefinition).toBeInstanceOf(ecs.FargateTaskDefinition);
    expect(svc.container.containerName).toBe('sample-service');
    expect(svc.logGroup).toBeInstanceOf(logs.LogGroup);
    expect(svc.connections.securityGroups).toEqual([svc.securityGroup]);
    expect(vpc.hasEndpoint(S.KMS)).toBe(false);
  });
});

describe('PrivateFargateService options', () => {
  test('services in one VPC share one cluster', () => {
    const { stack, vpc } = setup();
    const a = new PrivateFargateService(stack, 'A', { vpc, image: ecs.ContainerImage.fromAsset(IMAGE_DIR), serviceName: 'a' });
    const b = new PrivateFargateService(stack, 'B', { vpc, image: ecs.ContainerImage.fromAsset(IMAGE_DIR), serviceName: 'b' });
    expect(a.cluster).toBe(b.cluster);
    Template.fromStack(stack).resourceCountIs('AWS::ECS::Cluster', 1);
  });

  test('a VPC in another stack gets a cluster in the service stack', () => {
    const app = new App();
    const network = new Stack(app, 'Network');
    const vpc = new IsolatedVpc(network, 'Vpc');
    const stack = new Stack(app, 'Services');
    const svc = new PrivateFargateService(stack, 'Service', { vpc, image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE) });
    expect(svc.cluster.node.path).toMatch(/^Services\/NetworkVpc[0-9A-F]{8}Cluster$/);
    Template.fromStack(stack).resourceCountIs('AWS::ECS::Cluster', 1);
  });

  test('a cluster of the user is used as it is', () => {
    const { stack, vpc } = setup();
    const cluster = new ecs.Cluster(stack, 'Mine', { vpc });
    const svc = new PrivateFargateService(stack, 'Service', { vpc, cluster, image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE) });
    expect(svc.cluster).toBe(cluster);
    Template.fromStack(stack).resourceCountIs('AWS::ECS::Cluster', 1);
  });

  test('sizes, counts, environment, port, ARM64 and retention', () => {
    const { stack } = service({
      serviceName: 'api',
      cpu: 1024,
      memoryLimitMiB: 4096,
      desiredCount: 3,
      minHealthyPercent: 100,
      maxHealthyPercent: 150,
      rollbackOnFailure: false,
      environment: { STAGE: 'prod' },
      containerPort: 8080,
      cpuArchitecture: ecs.CpuArchitecture.ARM64,
      logRetention: logs.RetentionDays.ONE_WEEK,
      logRemovalPolicy: RemovalPolicy.DESTROY,
      platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'api',
      Cpu: '1024',
      Memory: '4096',
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [Match.objectLike({
        Name: 'api',
        Environment: [{ Name: 'STAGE', Value: 'prod' }],
        PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
      })],
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'api',
      DesiredCount: 3,
      PlatformVersion: '1.4.0',
      DeploymentConfiguration: Match.objectLike({
        MinimumHealthyPercent: 100,
        MaximumPercent: 150,
        DeploymentCircuitBreaker: { Enable: true, Rollback: false },
      }),
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete', Properties: { RetentionInDays: 7 } });
  });

  test('desiredCount 0 is allowed', () => {
    const { stack } = service({ desiredCount: 0 });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', { DesiredCount: 0 });
  });

  test('Exec off: no Exec, no init process, no ssmmessages grant or dependency, read-only root allowed', () => {
    const { stack } = service(
      { enableExecuteCommand: false, readonlyRootFilesystem: true },
      { endpoints: EndpointPreset.custom([S.ECR, S.ECR_DOCKER, S.CLOUDWATCH_LOGS]) },
    );
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::Service', { EnableExecuteCommand: false });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ ReadonlyRootFilesystem: true, LinuxParameters: Match.objectLike({ InitProcessEnabled: false }) })],
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/ssmmessages:/);
  });

  test('Exec with a KMS key: the kms endpoint, kms:Decrypt for the task role, the key on the cluster', () => {
    const { stack, vpc } = setup();
    const key = new kms.Key(stack, 'ExecKey');
    new PrivateFargateService(stack, 'Service', { vpc, image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE), execKmsKey: key });
    const template = Template.fromStack(stack);
    expect(vpc.hasEndpoint(S.KMS)).toBe(true);
    template.hasResourceProperties('AWS::ECS::Cluster', {
      Configuration: { ExecuteCommandConfiguration: Match.objectLike({ KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ExecKey'), 'Arn'] } }) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ServiceTaskRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: Match.arrayWith(['kms:Decrypt']),
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ExecKey'), 'Arn'] },
        })]),
      },
    });
    const dependsOn: string[] = (Object.values(template.findResources('AWS::ECS::Service'))[0] as any).DependsOn;
    expect(dependsOn.some((d) => d.startsWith('VpcKmsEndpoint'))).toBe(true);
  });

  test('Exec session logging can be turned off', () => {
    const { stack } = service({ execSessionLogging: false });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::Cluster', { Configuration: { ExecuteCommandConfiguration: { Logging: 'NONE' } } });
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => /ExecLogs/.test(id))).toEqual([]);
  });

  test('secrets from Secrets Manager and SSM: the service waits for both endpoints', () => {
    const { stack, vpc } = setup();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    const parameter = new ssm.StringParameter(stack, 'Param', { stringValue: 'x' });
    new PrivateFargateService(stack, 'Service', {
      vpc,
      image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE),
      secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret), FLAG: ecs.Secret.fromSsmParameter(parameter) },
    });
    const template = Template.fromStack(stack);
    const dependsOn: string[] = (Object.values(template.findResources('AWS::ECS::Service'))[0] as any).DependsOn;
    expect(dependsOn.some((d) => d.startsWith('VpcSecretsmanagerEndpoint'))).toBe(true);
    expect(dependsOn.some((d) => d.startsWith('VpcSsmEndpoint'))).toBe(true);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Secrets: Match.arrayWith([Match.objectLike({ Name: 'DB_PASSWORD' }), Match.objectLike({ Name: 'FLAG' })]) })],
    });
  });

  test('images from a private ECR repository or URI are accepted', () => {
    const { stack, vpc } = setup();
    const repository = new ecr.Repository(stack, 'Repo');
    new PrivateFargateService(stack, 'A', { vpc, serviceName: 'a', image: ecs.ContainerImage.fromEcrRepository(repository, 'v1') });
    new PrivateFargateService(stack, 'B', { vpc, serviceName: 'b', image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE) });
    new PrivateFargateService(stack, 'C', { vpc, serviceName: 'c', image: ecs.ContainerImage.fromRegistry('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app') });
    Template.fromStack(stack).resourceCountIs('AWS::ECS::Service', 3);
  });
});

describe('PrivateFargateService refuses what cannot work', () => {
  test.each([
    ['nginx', /image 'nginx' comes from Docker Hub/],
    ['library/nginx:1.27', /image 'library\/nginx:1.27' comes from Docker Hub/],
    ['public.ecr.aws/docker/library/busybox', /image 'public.ecr.aws\/docker\/library\/busybox' comes from registry 'public.ecr.aws'/],
    ['ghcr.io/org/app:1', /comes from registry 'ghcr.io'/],
    ['quay.io/prometheus/node-exporter', /comes from registry 'quay.io'/],
  ])('a public image (%s), with how to put it in private ECR', (image, message) => {
    const create = () => {
      const { stack, vpc } = setup();
      return new PrivateFargateService(stack, 'Service', { vpc, image: ecs.ContainerImage.fromRegistry(image) });
    };
    expect(create).toThrow(message);
    expect(create).toThrow(/PrivateFargateService 'Stack\/Service': .*can never reach.*ecs\.ContainerImage\.fromAsset\(directory\).*fromEcrRepository\(repository, tag\).*<account>\.dkr\.ecr\.<region>\.amazonaws\.com/);
  });

  test('a CPU/memory pair Fargate does not offer, listing the valid memory values', () => {
    expect(() => service({ cpu: 256, memoryLimitMiB: 4096 })).toThrow(
      "PrivateFargateService 'Stack/Service': cpu 256 with memoryLimitMiB 4096 is not a size Fargate offers. For cpu 256, use memoryLimitMiB 512, 1024 or 2048.");
    expect(() => service({ cpu: 512, memoryLimitMiB: 512 })).toThrow('For cpu 512, use memoryLimitMiB 1024, 2048, 3072 or 4096.');
  });

  test('a CPU size Fargate does not have', () => {
    expect(() => service({ cpu: 300 })).toThrow(
      "PrivateFargateService 'Stack/Service': cpu 300 is not a Fargate CPU size. Use one of 256, 512, 1024, 2048, 4096, 8192, 16384 (1024 is one vCPU).");
  });

  test('Exec together with a read-only root filesystem', () => {
    expect(() => service({ readonlyRootFilesystem: true })).toThrow(
      /PrivateFargateService 'Stack\/Service': readonlyRootFilesystem true with enableExecuteCommand true: ECS Exec .* needs a writable root filesystem\. Set enableExecuteCommand: false .* or readonlyRootFilesystem: false/);
  });

  test.each([-1, 1.5])('a desired count of %d', (desiredCount) => {
    expect(() => service({ desiredCount })).toThrow(
      new RegExp(`PrivateFargateService 'Stack/Service': desiredCount ${desiredCount} is not a whole number of tasks\\. Use 0 to stop the service`));
  });

  test('a VPC with public subnets', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Plain');
    expect(() => new PrivateFargateService(stack, 'Service', { vpc, image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE) })).toThrow(
      /PrivateFargateService 'Stack\/Service': vpc 'Stack\/Plain' has public subnets\. .*Pass an IsolatedVpc: new IsolatedVpc\(this, 'Vpc'\)/);
  });

  test('an ec2.Vpc with isolated subnets only, which has none of our endpoints', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Plain', { subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    expect(() => new PrivateFargateService(stack, 'Service', { vpc, image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE) })).toThrow(
      /vpc 'Stack\/Plain' is not an IsolatedVpc/);
  });

  test('a platform version before 1.4.0', () => {
    expect(() => service({ platformVersion: ecs.FargatePlatformVersion.VERSION1_3 })).toThrow(
      /PrivateFargateService 'Stack\/Service': platformVersion 1\.3\.0 predates Fargate 1\.4\.0.*Use ecs\.FargatePlatformVersion\.LATEST/);
  });

  test('Exec settings together with a cluster of the user', () => {
    const { stack, vpc } = setup();
    const cluster = new ecs.Cluster(stack, 'Mine', { vpc });
    expect(() => new PrivateFargateService(stack, 'Service', {
      vpc, cluster, image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE), execKmsKey: new kms.Key(stack, 'Key'),
    })).toThrow(/PrivateFargateService 'Stack\/Service': execKmsKey and execSessionLogging configure the cluster this construct creates, but a cluster was passed/);
  });

  test('Exec settings that differ between services of the shared cluster', () => {
    const { stack, vpc } = setup();
    new PrivateFargateService(stack, 'A', { vpc, serviceName: 'a', image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE) });
    expect(() => new PrivateFargateService(stack, 'B', { vpc, serviceName: 'b', image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE), execSessionLogging: false })).toThrow(
      /PrivateFargateService 'Stack\/B': execKmsKey or execSessionLogging differ from those of the other services in the shared cluster 'Stack\/VpcCluster'/);
  });

  test('two services with the same name in one cluster', () => {
    const { stack, vpc } = setup();
    new PrivateFargateService(stack, 'A', { vpc, image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE) });
    expect(() => new PrivateFargateService(stack, 'B', { vpc, image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE) })).toThrow(
      /PrivateFargateService 'Stack\/B': serviceName 'sample-service' is already used by 'Stack\/A' in cluster 'Stack\/VpcCluster'.*Give each service its own serviceName/);
  });

  test('a missing endpoint fails synth with the feature, the endpoint and the line that adds it', () => {
    const { app, stack, vpc } = setup({ endpoints: EndpointPreset.custom([S.ECR, S.ECR_DOCKER, S.CLOUDWATCH_LOGS]) });
    new PrivateFargateService(stack, 'Service', { vpc, image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE) });
    expect(() => app.synth()).toThrow(
      /PrivateFargateService 'Stack\/Service' has ECS Exec enabled, which needs the 'ssmmessages' interface endpoint \(SSM messages: .*\)\. IsolatedVpc 'Stack\/Vpc' \(preset CUSTOM\) has none, so aws ecs execute-command answers TargetNotConnectedException\. Add it: vpc\.addEndpoint\(ec2\.InterfaceVpcEndpointAwsService\.SSM_MESSAGES\)/);
  });

  test('an endpoint added after the service satisfies it, and the service waits for it', () => {
    const { app, stack, vpc } = setup({ endpoints: EndpointPreset.NONE });
    new PrivateFargateService(stack, 'Service', { vpc, image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE) });
    for (const s of [S.ECR, S.ECR_DOCKER, S.CLOUDWATCH_LOGS, S.SSM_MESSAGES]) vpc.addEndpoint(s);
    app.synth();
    const dependsOn: string[] = (Object.values(Template.fromStack(stack).findResources('AWS::ECS::Service'))[0] as any).DependsOn;
    expect(dependsOn.filter((d) => /^Vpc.*Endpoint/.test(d))).toHaveLength(5);
  });
});

describe('PrivateFargateService security defaults', () => {
  test('the service group has no egress of its own; the client group carries HTTPS only', () => {
    const { stack } = service();
    const own = Object.values<any>(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: 'Tasks of ECS service sample-service' },
    }))[0];
    // CDK's placeholder for "no egress": a rule that matches nothing.
    expect(own.Properties.SecurityGroupEgress).toEqual([{ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic', FromPort: 252, IpProtocol: 'icmp', ToPort: 86 }]);
  });

  test('a customer KMS key encrypts the container and Exec log groups, and CloudWatch Logs may use it', () => {
    const { stack, vpc } = setup();
    const key = new kms.Key(stack, 'LogKey');
    new PrivateFargateService(stack, 'Service', { vpc, image: ecs.ContainerImage.fromRegistry(PRIVATE_IMAGE), logEncryptionKey: key });
    const template = Template.fromStack(stack);
    const encrypted = Object.keys(template.findResources('AWS::Logs::LogGroup', { Properties: { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogKey'), 'Arn'] } } }));
    expect(encrypted.map((id) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['ServiceLogGroup', 'VpcClusterExecLogs']);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'CloudWatchLogsEncryptsLogGroups' })]) },
    });
  });

  test('cdk-nag AwsSolutions finds nothing unacknowledged', () => {
    const { app, stack } = service();
    app.synth();
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  test('the task role wildcards are acknowledged with reasons', () => {
    const { app, stack, svc } = service();
    app.synth();
    const taskRoleFindings = new AwsSolutionsChecks().validateScope(stack).violations
      .filter((v) => v.violatingResources.some((r) => r.constructPath?.startsWith(svc.taskDefinition.taskRole.node.path)));
    expect(taskRoleFindings).toEqual([]);
    const metadata = svc.taskDefinition.taskRole.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules');
    expect(JSON.stringify(metadata.map((m) => m.data))).toMatch(/AwsSolutions-IAM5\[Resource::\*\]/);
  });
});

describe('image pulls PrivateFargateService grants', () => {
  const OWN = (repository: string) => `111111111111.dkr.ecr.eu-west-1.amazonaws.com/${repository}:1`;
  function own() {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
    const vpc = new IsolatedVpc(stack, 'Vpc');
    const svc = new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(OWN('api')) });
    return { app, stack, svc };
  }

  test('an own-account image gets no ecrImageRequiresPolicy warning: the library granted the pull', () => {
    const { app, stack } = own();
    app.synth();
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('Proper policies need to be attached'))).toEqual([]);
  });

  test('a sidecar of this account added later is granted too', () => {
    const { app, stack, svc } = own();
    svc.taskDefinition.addContainer('Sidecar', { image: ecs.ContainerImage.fromRegistry(OWN('agent')), memoryLimitMiB: 64 });
    app.synth();
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:111111111111:repository/agent']] },
        })]),
      },
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('Proper policies need to be attached'))).toEqual([]);
  });

  test('a plain service keeps aws-cdk-lib\'s warning: nothing granted its role', () => {
    const { app, stack } = own();
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry(OWN('plain')) });
    const vpc = stack.node.findChild('Vpc') as IsolatedVpc;
    new ecs.FargateService(stack, 'Plain', {
      cluster: new ecs.Cluster(stack, 'C', { vpc }),
      taskDefinition,
      minHealthyPercent: 100,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    app.synth();
    expect(Annotations.fromStack(stack).findWarning('/Stack/Task/app', Match.stringLikeRegexp('Proper policies need to be attached'))).toHaveLength(1);
  });
});
