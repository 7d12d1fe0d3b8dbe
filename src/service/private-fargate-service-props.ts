import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Properties for a `PrivateFargateService`.
 */
export interface PrivateFargateServiceProps {
  /**
   * The isolated VPC the tasks run in.
   */
  readonly vpc: ec2.IVpc;

  /**
   * The container image. It must live in private ECR: `ecs.ContainerImage.fromAsset()`,
   * `ecs.ContainerImage.fromEcrRepository()`, or a private ECR URI.
   */
  readonly image: ecs.ContainerImage;

  /**
   * The ECS service name, also used as task family and container name: up to 255 letters,
   * digits, hyphens and underscores, unique in the cluster.
   *
   * @default 'sample-service'
   */
  readonly serviceName?: string;

  /**
   * Task CPU units (1024 is one vCPU). With `memoryLimitMiB`, a size Fargate offers.
   *
   * @default 256
   */
  readonly cpu?: number;

  /**
   * Task memory in MiB.
   *
   * @default 512
   */
  readonly memoryLimitMiB?: number;

  /**
   * The CPU architecture of the tasks. The image must be built for it.
   *
   * @default ecs.CpuArchitecture.X86_64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;

  /**
   * How many tasks to keep running.
   *
   * @default 2
   */
  readonly desiredCount?: number;

  /**
   * The lower limit on running tasks during a deployment, as a percentage of `desiredCount`.
   * Smaller than `maxHealthyPercent`, or deployments could not progress.
   *
   * @default 75
   */
  readonly minHealthyPercent?: number;

  /**
   * The upper limit on running tasks during a deployment, as a percentage of `desiredCount`.
   *
   * @default 200
   */
  readonly maxHealthyPercent?: number;

  /**
   * Roll back to the last working deployment when the circuit breaker stops a failing one.
   * The circuit breaker itself is always on, so a broken image fails the deployment in
   * minutes instead of keeping CloudFormation waiting for hours.
   *
   * @default true
   */
  readonly rollbackOnFailure?: boolean;

  /**
   * Whether ECS Exec can open a shell in the containers, through the ssmmessages endpoint.
   *
   * @default true
   */
  readonly enableExecuteCommand?: boolean;

  /**
   * A KMS key that encrypts ECS Exec sessions. The VPC gets the kms endpoint, and the task
   * role may decrypt with the key. Only with the cluster this construct creates; for a cluster
   * of yours, set `executeCommandConfiguration.kmsKey` on it.
   *
   * @default - sessions are encrypted with TLS only
   */
  readonly execKmsKey?: kms.IKey;

  /**
   * Log ECS Exec sessions (commands and output) to a CloudWatch log group. Only with the
   * cluster this construct creates.
   *
   * @default true
   */
  readonly execSessionLogging?: boolean;

  /**
   * The cluster to run in. It must be in `vpc` (checked): aws-cdk-lib places tasks in the cluster's VPC.
   *
   * @default - one cluster per VPC and stack, with Container Insights, shared by the services in it
   */
  readonly cluster?: ecs.ICluster;

  /**
   * The command the container runs.
   *
   * @default - the image's CMD
   */
  readonly command?: string[];

  /**
   * Environment variables for the container.
   *
   * @default - none
   */
  readonly environment?: { [key: string]: string };

  /**
   * Secrets for the container, from Secrets Manager or SSM Parameter Store.
   *
   * @default - none
   */
  readonly secrets?: { [key: string]: ecs.Secret };

  /**
   * The port the container listens on, mapped for TCP: 1 to 65535.
   *
   * @default - no port mapping
   */
  readonly containerPort?: number;

  /**
   * Mount the container's root filesystem read-only. ECS Exec needs a writable one, so this
   * requires `enableExecuteCommand: false`.
   *
   * @default false
   */
  readonly readonlyRootFilesystem?: boolean;

  /**
   * How long the container logs are kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * A customer managed KMS key for the log groups (container output and, with the cluster this
   * construct creates, Exec sessions). Its key policy is extended so the CloudWatch Logs service
   * of this region may use it.
   *
   * @default - encrypted by CloudWatch Logs with an AWS owned key
   */
  readonly logEncryptionKey?: kms.IKey;

  /**
   * What happens to the log groups when the stack is deleted.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;

  /**
   * The Fargate platform version: 1.4.0 or later, the first that reaches ECR, Secrets
   * Manager and CloudWatch Logs through the task's own network interface and so through
   * the VPC's endpoints.
   *
   * @default ecs.FargatePlatformVersion.LATEST
   */
  readonly platformVersion?: ecs.FargatePlatformVersion;
}
