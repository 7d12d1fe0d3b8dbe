// Why a container workload in an isolated VPC talks to each service; keyed by the endpoint's short name.
const PURPOSES: Record<string, string> = {
  'ecr.api': 'ECR API: authenticates the image pull and resolves the image manifest',
  'ecr.dkr': 'ECR registry: serves the image manifest; the layers themselves come from S3 through the gateway endpoint',
  'logs': 'CloudWatch Logs: receives container output from the awslogs driver and ECS Exec session logs',
  'secretsmanager': 'Secrets Manager: injects Secrets Manager secrets into containers when a task starts',
  'ssm': 'Systems Manager: injects SSM Parameter Store parameters into containers when a task starts',
  'ssmmessages': 'SSM messages: carries ECS Exec sessions between the SSM agent in the task and Session Manager',
  'kms': 'KMS: decrypts ECS Exec sessions and data encrypted with a customer managed key',
  'ecs': 'ECS: lets the container agent on EC2 instances register and poll for tasks',
  'ecs-agent': 'ECS agent: the container agent\'s control channel (EC2 capacity, Service Connect)',
  'ecs-telemetry': 'ECS telemetry: container agent metrics from EC2 instances',
  'xray': 'X-Ray: receives traces from the X-Ray daemon sidecar',
  'sts': 'STS: the application assumes roles or asks who it is (GetCallerIdentity)',
  's3': 'S3 gateway (free): ECR image layers and S3 data, routed through the route tables',
  'dynamodb': 'DynamoDB gateway (free): the application\'s table reads and writes, routed through the route tables',
  'dynamodb-streams': 'DynamoDB Streams: the application reads a table\'s stream',
  'sqs': 'SQS: the application sends, receives and deletes queue messages',
  'sns': 'SNS: the application publishes to topics',
  'events': 'EventBridge: the application puts events',
  'lambda': 'Lambda: the application invokes functions',
  'states': 'Step Functions: the application starts and inspects executions',
  'sync-states': 'Step Functions: the application runs synchronous Express executions',
  'bedrock-runtime': 'Bedrock runtime: the application invokes models',
  'email-smtp': 'SES SMTP: the application sends mail over SMTP (ports 25, 465, 587, 2465, 2587)',
};

/**
 * What each endpoint in the catalog is for.
 */
export class EndpointCatalog {
  /**
   * Why a container workload needs an endpoint, in one sentence.
   *
   * @param shortName the endpoint service's short name, such as `ecr.api` (`InterfaceVpcEndpointAwsService.ECR.shortName`)
   * @returns the purpose, or a generic text for services outside the catalog
   */
  public static purposeOf(shortName: string): string {
    return PURPOSES[shortName] ?? `${shortName}: added by the application`;
  }

  /**
   * Whether the catalog knows what an endpoint is for.
   *
   * @param shortName the endpoint service's short name, such as `ecr.api`
   */
  public static isKnown(shortName: string): boolean {
    return Object.prototype.hasOwnProperty.call(PURPOSES, shortName);
  }

  private constructor() {}
}
