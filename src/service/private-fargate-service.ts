import { ArnFormat, Names, RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fargateSizeProblem } from './fargate-sizes';
import { PrivateFargateServiceProps } from './private-fargate-service-props';
import { clusterVpcProblem, containerPortProblem, healthyPercentProblem, serviceNameProblem } from './prop-checks';
import { Subject } from '../base/errors';
import { stateOf } from '../base/state';
import { IIsolatedVpc } from '../core/i-isolated-vpc';
import { IsolationCore } from '../core/isolation-core';
import { isIIsolatedVpc } from '../core/kind';
import { acknowledge } from '../iam/acknowledge';
import { grantLogsServiceUse } from '../iam/log-encryption';
import { grantGuardDutyAgentPull, grantImagePull } from '../images/grant-pull';
import { imagePullOf, repositoryArn } from '../images/pulls';
import { EXEC_NEEDS_WRITABLE_ROOT, nameWorkload } from '../workloads/analysis';

const OLD_PLATFORMS: string[] = ['1.0.0', '1.1.0', '1.2.0', '1.3.0'];

/**
 * A Fargate service with private IPs only, in an `IsolatedVpc`: tasks pull from private ECR,
 * log through awslogs and open ECS Exec sessions over SSM, all through the VPC's endpoints.
 *
 * @example
 * const vpc = new IsolatedVpc(this, 'Vpc');
 * new PrivateFargateService(this, 'Service', {
 *   vpc,
 *   image: ecs.ContainerImage.fromAsset('./image'),
 * });
 */
export class PrivateFargateService extends Construct implements ec2.IConnectable {
  /** The ECS service. */
  public readonly service: ecs.FargateService;
  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The application container. */
  public readonly container: ecs.ContainerDefinition;
  /** The cluster the service runs in. */
  public readonly cluster: ecs.ICluster;
  /** The log group of the container's output. */
  public readonly logGroup: logs.LogGroup;
  /** The service's own security group. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The network connections of the tasks, through the service's own security group. */
  public readonly connections: ec2.Connections;

  private readonly vpc: IIsolatedVpc;
  private readonly isolation: IsolationCore;

  constructor(scope: Construct, id: string, props: PrivateFargateServiceProps) {
    super(scope, id);
    nameWorkload(this, 'PrivateFargateService');
    this.vpc = this.validate(props);
    this.isolation = IsolationCore.of(this.vpc)!;

    const serviceName = props.serviceName ?? 'sample-service';
    const exec = props.enableExecuteCommand ?? true;
    const removalPolicy = props.logRemovalPolicy ?? RemovalPolicy.RETAIN;
    const retention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;

    this.cluster = props.cluster ?? this.defaultCluster(props, retention, removalPolicy);
    this.claimServiceName(serviceName);

    if (props.logEncryptionKey) grantLogsServiceUse(props.logEncryptionKey);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention, removalPolicy, encryptionKey: props.logEncryptionKey });
    this.taskDefinition = this.newTaskDefinition(props, serviceName);
    this.container = this.addAppContainer(props, serviceName, exec);
    this.checkImage();

    // No egress of its own: the endpoint client group carries HTTPS to the endpoints and S3, all tasks need.
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: this.vpc,
      description: `Tasks of ECS service ${serviceName}`,
      allowAllOutbound: false,
    });
    this.service = this.newService(props, serviceName, exec);
    this.connections = this.service.connections;
    this.acknowledgeRequiredWildcards(exec);

    if (exec && this.cluster.executeCommandConfiguration?.kmsKey) {
      this.isolation.ensureEndpoint(ec2.InterfaceVpcEndpointAwsService.KMS);
    }
    // The VPC finds the service at synth, checks its endpoints and makes it wait for them.
    this.vpc.grantEndpointAccess(this.service);
  }

  private newTaskDefinition(props: PrivateFargateServiceProps, serviceName: string): ecs.FargateTaskDefinition {
    return new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      family: serviceName,
      cpu: props.cpu ?? 256,
      memoryLimitMiB: props.memoryLimitMiB ?? 512,
      runtimePlatform: {
        cpuArchitecture: props.cpuArchitecture ?? ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
      executionRole: new iam.Role(this, 'ExecutionRole', { assumedBy: this.ecsTasksPrincipal() }),
      taskRole: new iam.Role(this, 'TaskRole', { assumedBy: this.ecsTasksPrincipal() }),
    });
  }

  private addAppContainer(props: PrivateFargateServiceProps, serviceName: string, exec: boolean): ecs.ContainerDefinition {
    return this.taskDefinition.addContainer('Container', {
      containerName: serviceName,
      image: props.image,
      essential: true,
      command: props.command,
      environment: props.environment,
      secrets: props.secrets,
      readonlyRootFilesystem: props.readonlyRootFilesystem ?? false,
      portMappings: props.containerPort !== undefined ? [{ containerPort: props.containerPort, protocol: ecs.Protocol.TCP }] : undefined,
      linuxParameters: new ecs.LinuxParameters(this, 'LinuxParameters', { initProcessEnabled: exec }),
      logging: ecs.LogDrivers.awsLogs({
        logGroup: this.logGroup,
        streamPrefix: serviceName,
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
      }),
    });
  }

  private newService(props: PrivateFargateServiceProps, serviceName: string, exec: boolean): ecs.FargateService {
    return new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      serviceName,
      desiredCount: props.desiredCount ?? 2,
      minHealthyPercent: props.minHealthyPercent ?? 75,
      maxHealthyPercent: props.maxHealthyPercent ?? 200,
      circuitBreaker: { enable: true, rollback: props.rollbackOnFailure ?? true },
      assignPublicIp: false,
      // The VPC's task subnets, also when the cluster was built on the raw VPC of an adopted one.
      vpcSubnets: { subnets: this.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnets },
      securityGroups: [this.securityGroup],
      enableExecuteCommand: exec,
      platformVersion: props.platformVersion ?? ecs.FargatePlatformVersion.LATEST,
    });
  }

  // The wildcards AWS requires, acknowledged where they arise so cdk-nag (and any other validation
  // plugin reading CDK's acknowledgements) reports nothing unexplained.
  private acknowledgeRequiredWildcards(exec: boolean): void {
    acknowledge(this.taskDefinition.obtainExecutionRole(), 'AwsSolutions-IAM5[Resource::*]',
      'ecr:GetAuthorizationToken has no resource to scope to; the image pull itself is scoped to the repository.');
    if (!exec) return;
    acknowledge(this.taskDefinition.taskRole, 'AwsSolutions-IAM5[Resource::*]',
      'ECS Exec: the four ssmmessages channel actions and logs:DescribeLogGroups support no resource-level permissions.');
    const execLogs = this.cluster.executeCommandConfiguration?.logConfiguration?.cloudWatchLogGroup;
    const cfnLogs = execLogs?.node.defaultChild as logs.CfnLogGroup | undefined;
    if (cfnLogs) {
      // cdk-nag writes the ARN as the template has it: literal region and account in a stack with an environment.
      const stack = Stack.of(cfnLogs);
      const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
      const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
      const logicalId = stack.resolve(cfnLogs.logicalId);
      acknowledge(this.taskDefinition.taskRole, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:${region}:${account}:log-group:<${logicalId}>:*]`,
        'ECS Exec writes each session to a log stream of its own in the Exec log group; streams are named at run time.');
    }
  }

  private validate(props: PrivateFargateServiceProps): IIsolatedVpc {
    const where = Subject.of(this, 'PrivateFargateService');
    const vpc = this.checkVpc(where, props.vpc);
    this.checkSettings(where, props);
    return vpc;
  }

  private checkVpc(where: Subject, vpc: ec2.IVpc): IIsolatedVpc {
    if (!isIIsolatedVpc(vpc)) {
      const kind = vpc.publicSubnets.length > 0 ? 'has public subnets'
        : vpc.privateSubnets.length > 0 ? 'has private subnets with a route to the internet' : 'is not an IsolatedVpc';
      throw where.error(
        `vpc '${vpc.node.path}' ${kind}. This service runs in an isolated VPC, whose endpoints give tasks what they need `
        + 'without the internet. Pass an IsolatedVpc: new IsolatedVpc(this, \'Vpc\'); for a VPC you do not own, adopt it: '
        + 'IsolatedVpc.fromExistingVpc(this, \'Network\', { vpc, endpoints: [...] }); or use ecs.FargateService for a VPC with internet access.',
      );
    }
    return vpc;
  }

  private checkSettings(where: Subject, props: PrivateFargateServiceProps): void {
    const cpu = props.cpu ?? 256;
    const memory = props.memoryLimitMiB ?? 512;
    const sizeProblem = Token.isUnresolved(cpu) || Token.isUnresolved(memory) ? undefined : fargateSizeProblem(cpu, memory);
    if (sizeProblem) throw where.error(`${sizeProblem}`);

    const desired = props.desiredCount ?? 2;
    if (!Token.isUnresolved(desired) && (!Number.isInteger(desired) || desired < 0)) {
      throw where.error(`desiredCount ${desired} is not a whole number of tasks. Use 0 to stop the service, or a positive number such as 2 (the default).`);
    }
    const problem = serviceNameProblem(props.serviceName ?? 'sample-service')
      ?? containerPortProblem(props.containerPort)
      ?? healthyPercentProblem(props.minHealthyPercent ?? 75, props.maxHealthyPercent ?? 200)
      ?? (props.cluster ? clusterVpcProblem(props.cluster, props.vpc) : undefined);
    if (problem) throw where.error(`${problem}`);
    if ((props.enableExecuteCommand ?? true) && props.readonlyRootFilesystem) {
      throw where.error(
        `readonlyRootFilesystem true with enableExecuteCommand true: ${EXEC_NEEDS_WRITABLE_ROOT} `
        + 'Set enableExecuteCommand: false to keep the filesystem read-only, or readonlyRootFilesystem: false to use ECS Exec.',
      );
    }
    const platform = props.platformVersion;
    if (platform && OLD_PLATFORMS.includes(platform)) {
      throw where.error(
        `platformVersion ${platform} predates Fargate 1.4.0, whose tasks reach ECR, Secrets Manager and CloudWatch Logs through their own `
        + 'network interface and so through the VPC endpoints. Use ecs.FargatePlatformVersion.LATEST (the default) or VERSION1_4.',
      );
    }
    if (props.cluster && (props.execKmsKey || props.execSessionLogging !== undefined)) {
      throw where.error(
        'execKmsKey and execSessionLogging configure the cluster this construct creates, but a cluster was passed. '
        + 'Set them on your cluster instead: new ecs.Cluster(this, \'Cluster\', { vpc, executeCommandConfiguration: { kmsKey, logging, logConfiguration } }).',
      );
    }
    const execOnly = (['execKmsKey', 'execSessionLogging'] as const).filter((name) => props[name] !== undefined);
    if (props.enableExecuteCommand === false && execOnly.length > 0) {
      throw where.error(`enableExecuteCommand is false, so ${execOnly.join(' and ')}, which configure${execOnly.length === 1 ? 's' : ''} ECS Exec, would do nothing. `
        + `Remove ${execOnly.length === 1 ? 'it' : 'them'}, or leave ECS Exec on.`);
    }
  }

  // ECS service names are unique per cluster; CloudFormation would fail the second one after minutes.
  private claimServiceName(serviceName: string): void {
    const names = stateOf(this.cluster, 'service-names', () => new Map<string, string>());
    const owner = names.get(serviceName);
    if (owner) {
      throw Subject.of(this, 'PrivateFargateService').error(
        `serviceName '${serviceName}' is already used by '${owner}' in cluster '${this.cluster.node.path}'. `
        + 'ECS service names are unique in a cluster. Give each service its own serviceName.',
      );
    }
    names.set(serviceName, this.node.path);
  }

  // Images of other accounts (this one's, a FireLens router's) are granted when the VPC reads the service at synth.
  private checkImage(): void {
    const { problem, source } = imagePullOf(this, this.container.imageName);
    if (problem) throw Subject.of(this, 'PrivateFargateService').error(`${problem}`);
    if (source.kind === 'own' && source.repository) {
      grantImagePull(this.taskDefinition, [repositoryArn(Stack.of(this).account, source.region, source.repository)]);
    }
    const agent = this.isolation.guardDutyAgentRepositories;
    if (agent) {
      grantGuardDutyAgentPull(this.taskDefinition, agent, `PrivateFargateService '${this.node.path}'`);
    }
  }

  private ecsTasksPrincipal(): iam.IPrincipal {
    // The confused-deputy guard from the seed: only ECS tasks of this account and region may assume the role.
    const stack = Stack.of(this);
    return new iam.ServicePrincipal('ecs-tasks.amazonaws.com').withConditions({
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ecs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
      StringEquals: { 'aws:SourceAccount': stack.account },
    });
  }

  /**
   * One cluster per VPC and stack, created by the first service that needs it, as aws-ecs-patterns does.
   */
  private defaultCluster(props: PrivateFargateServiceProps, retention: logs.RetentionDays, removalPolicy: RemovalPolicy): ecs.ICluster {
    const stack = Stack.of(this);
    const vpc = props.vpc;
    const id = vpc.node.scope === stack ? `${vpc.node.id}Cluster` : `${Names.uniqueId(vpc)}Cluster`;
    const logging = props.execSessionLogging ?? true;
    const existing = stack.node.tryFindChild(id) as ecs.Cluster | undefined;
    if (existing) {
      const config = existing.executeCommandConfiguration;
      const existingLogging = config?.logging === ecs.ExecuteCommandLogging.OVERRIDE;
      if (config?.kmsKey !== props.execKmsKey || existingLogging !== logging) {
        throw Subject.of(this, 'PrivateFargateService').error(
          'execKmsKey or execSessionLogging differ from those of the other services in the shared cluster '
          + `'${existing.node.path}'. They are cluster settings: give every service in the VPC the same values, or create an ecs.Cluster per setting and pass it as cluster.`,
        );
      }
      return existing;
    }
    const cluster = new ecs.Cluster(stack, id, {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      executeCommandConfiguration: {
        kmsKey: props.execKmsKey,
        logging: logging ? ecs.ExecuteCommandLogging.OVERRIDE : ecs.ExecuteCommandLogging.NONE,
        logConfiguration: logging ? {
          cloudWatchLogGroup: new logs.LogGroup(stack, `${id}ExecLogs`, { retention, removalPolicy, encryptionKey: props.logEncryptionKey }),
        } : undefined,
      },
    });
    return cluster;
  }
}
