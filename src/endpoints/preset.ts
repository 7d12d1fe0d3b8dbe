import * as ec2 from 'aws-cdk-lib/aws-ec2';

const S = ec2.InterfaceVpcEndpointAwsService;

/**
 * Which interface endpoints an `IsolatedVpc` creates up front.
 *
 * The S3 gateway endpoint is always created: it is free, and ECR serves image layers from S3.
 */
export class EndpointPreset {
  /**
   * No interface endpoints: add each one with `IsolatedVpc.addEndpoint()`.
   */
  public static readonly NONE = new EndpointPreset('NONE', []);

  /**
   * What a Fargate task with a private ECR image, awslogs, secrets and ECS Exec needs:
   * ecr.api, ecr.dkr, logs, secretsmanager, ssm and ssmmessages (the seed's default set).
   */
  public static readonly FARGATE = new EndpointPreset('FARGATE', [
    S.ECR,
    S.ECR_DOCKER,
    S.CLOUDWATCH_LOGS,
    S.SECRETS_MANAGER,
    S.SSM,
    S.SSM_MESSAGES,
  ]);

  /**
   * FARGATE plus ecs, ecs-agent and ecs-telemetry, which the ECS agent on EC2 container
   * instances needs to register and report (the seed's `DeployingToEC2=true`).
   */
  public static readonly EC2 = new EndpointPreset('EC2', [
    ...EndpointPreset.FARGATE.services,
    S.ECS,
    S.ECS_AGENT,
    S.ECS_TELEMETRY,
  ]);

  /**
   * Only the interface endpoints that the VPC's workloads need, derived at synth from what ECS
   * needs for them (image source, log driver, secrets, ECS Exec, X-Ray, FireLens, Service Connect,
   * EC2 capacity) and from what their code may call (the policies of the task roles of ECS
   * services, of Lambda functions attached to the VPC and of Auto Scaling groups in it, plus
   * `IsolatedVpc.declareCalls`). The reference service gets ecr.api, ecr.dkr, logs and ssmmessages.
   */
  public static readonly AUTO = new EndpointPreset('AUTO', []);

  /**
   * Exactly the interface endpoints given, in that order.
   */
  public static custom(services: ec2.InterfaceVpcEndpointAwsService[]): EndpointPreset {
    return new EndpointPreset('CUSTOM', [...services]);
  }

  /**
   * @param name the preset's name, as shown in summaries and messages
   * @param services the interface endpoints the preset creates
   */
  private constructor(
    public readonly name: string,
    public readonly services: ec2.InterfaceVpcEndpointAwsService[],
  ) {}
}
