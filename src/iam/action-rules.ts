import * as ec2 from 'aws-cdk-lib/aws-ec2';

const S = ec2.InterfaceVpcEndpointAwsService;

/**
 * What a call needs from the VPC to reach AWS.
 *
 * - `interface`: a private-DNS interface endpoint for `endpoint`.
 * - `gateway`: the free gateway endpoint of that name (`dynamodb`; `s3` is always there).
 * - `none`: nothing; `why` says why.
 * - `global`: a global service with no regional endpoint; only `endpoint` (when AWS has one,
 *   in one region) can serve it, and the VPC never creates that by itself.
 */
export type CallNeed =
  | { readonly kind: 'interface'; readonly endpoint: ec2.InterfaceVpcEndpointAwsService }
  | { readonly kind: 'gateway'; readonly name: 'dynamodb' | 's3' }
  | { readonly kind: 'none'; readonly why: string }
  | { readonly kind: 'global'; readonly name: string; readonly endpoint?: ec2.InterfaceVpcEndpointAwsService };

/**
 * One row of the table: the actions of an IAM service prefix that need one thing.
 */
export interface ActionRule {
  /** The IAM service prefix, as in `sqs:SendMessage`. */
  readonly prefix: string;
  /** Action name patterns with IAM wildcards; every action of the prefix when absent. */
  readonly actions?: string[];
  /** Only when a resource of the statement is of this kind (or `*`). */
  readonly resource?: ResourceKind;
  readonly need: CallNeed;
}

/** Resource kinds some rows depend on. */
export type ResourceKind = 'dynamodb-stream';

const interfaceNeed = (endpoint: ec2.InterfaceVpcEndpointAwsService): CallNeed => ({ kind: 'interface', endpoint });
const none = (why: string): CallNeed => ({ kind: 'none', why });
const PERMISSION_ONLY = none('a permission only, checked by AWS inside another call; the code never calls it');

/**
 * From IAM actions to what they need in an isolated VPC: the one place that says it, read by
 * `EndpointPreset.AUTO`, the missing-endpoint checks and the explanations. The first row that
 * matches an action wins; a prefix with no row whose name is an endpoint service in aws-cdk-lib's
 * catalog (`ec2`, `codebuild`, ...) needs that endpoint. Every action pattern here must match an
 * action of the IAM catalog (`projenrc/iam-catalog.ts` checks it when it regenerates the catalog).
 *
 * Sources: the PrivateLink guide's "AWS services that integrate with AWS PrivateLink", each
 * service's VPC-endpoint page, the Service Authorization Reference; DESIGN.md section 7.
 */
export const ACTION_RULES: ActionRule[] = [
  // Permission-only actions: granted to a role, never sent by the code.
  { prefix: 'iam', actions: ['PassRole'], need: PERMISSION_ONLY },
  { prefix: 'sts', actions: ['TagSession', 'SetSourceIdentity', 'SetContext'], need: PERMISSION_ONLY },

  // Global services: their endpoints live in one region, and most have no interface endpoint at all.
  { prefix: 'iam', need: { kind: 'global', name: 'iam', endpoint: S.IAM } },
  { prefix: 'organizations', need: { kind: 'global', name: 'organizations', endpoint: S.ORGANIZATIONS } },
  { prefix: 'route53', need: { kind: 'global', name: 'route53' } },
  { prefix: 'cloudfront', need: { kind: 'global', name: 'cloudfront' } },

  // Calls that are signed locally or go to the data path, not to an AWS API.
  { prefix: 'rds-db', actions: ['connect'], need: none('an IAM auth token is signed locally and the code connects to the database directly') },
  { prefix: 'elasticfilesystem', actions: ['Client*'], need: none('NFS to the file system\'s mount targets in the VPC (TCP 2049), no AWS API call') },
  { prefix: 'es', actions: ['ESHttp*'], need: none('HTTPS to the OpenSearch domain\'s own endpoint in the VPC') },

  // The S3 gateway is always there.
  { prefix: 's3', need: { kind: 'gateway', name: 's3' } },
  // DynamoDB: the free gateway for tables; streams have an interface endpoint of their own.
  { prefix: 'dynamodb', actions: ['GetRecords', 'GetShardIterator', 'DescribeStream', 'ListStreams'], resource: 'dynamodb-stream', need: interfaceNeed(S.DYNAMODB_STREAMS) },
  { prefix: 'dynamodb', need: { kind: 'gateway', name: 'dynamodb' } },

  { prefix: 'sqs', need: interfaceNeed(S.SQS) },
  { prefix: 'sns', need: interfaceNeed(S.SNS) },
  { prefix: 'kms', need: interfaceNeed(S.KMS) },
  { prefix: 'secretsmanager', need: interfaceNeed(S.SECRETS_MANAGER) },
  { prefix: 'ssm', need: interfaceNeed(S.SSM) },
  { prefix: 'ssmmessages', need: interfaceNeed(S.SSM_MESSAGES) },
  { prefix: 'ec2messages', need: interfaceNeed(S.EC2_MESSAGES) },
  { prefix: 'sts', need: interfaceNeed(S.STS) },
  { prefix: 'events', need: interfaceNeed(S.EVENTBRIDGE) },
  { prefix: 'lambda', need: interfaceNeed(S.LAMBDA) },
  { prefix: 'logs', need: interfaceNeed(S.CLOUDWATCH_LOGS) },
  { prefix: 'xray', need: interfaceNeed(S.XRAY) },
  { prefix: 'glue', need: interfaceNeed(S.GLUE) },
  { prefix: 'athena', need: interfaceNeed(S.ATHENA) },
  { prefix: 'rds-data', need: interfaceNeed(S.RDS_DATA) },
  { prefix: 'textract', need: interfaceNeed(S.TEXTRACT) },
  { prefix: 'comprehend', need: interfaceNeed(S.COMPREHEND) },
  { prefix: 'translate', need: interfaceNeed(S.TRANSLATE) },
  { prefix: 'states', actions: ['StartSyncExecution'], need: interfaceNeed(S.STEP_FUNCTIONS_SYNC) },
  { prefix: 'states', need: interfaceNeed(S.STEP_FUNCTIONS) },
  { prefix: 'kinesis', need: interfaceNeed(S.KINESIS_STREAMS) },
  { prefix: 'firehose', need: interfaceNeed(S.KINESIS_FIREHOSE) },
  { prefix: 'cloudwatch', need: interfaceNeed(S.CLOUDWATCH_MONITORING) },
  { prefix: 'bedrock', actions: ['InvokeModel', 'InvokeModelWithResponseStream', 'ApplyGuardrail'], need: interfaceNeed(S.BEDROCK_RUNTIME) },
  { prefix: 'bedrock', actions: ['InvokeAgent', 'InvokeInlineAgent', 'Retrieve', 'RetrieveAndGenerate', 'InvokeFlow'], need: interfaceNeed(S.BEDROCK_AGENT_RUNTIME) },
  { prefix: 'bedrock', need: interfaceNeed(S.BEDROCK) },
  { prefix: 'sagemaker', actions: ['InvokeEndpoint*'], need: interfaceNeed(S.SAGEMAKER_RUNTIME) },
  { prefix: 'sagemaker', need: interfaceNeed(S.SAGEMAKER_API) },
  { prefix: 'execute-api', need: interfaceNeed(S.APIGATEWAY) },
  { prefix: 'appconfig', actions: ['StartConfigurationSession', 'GetLatestConfiguration'], need: interfaceNeed(S.APPCONFIGDATA) },
  { prefix: 'appconfig', need: interfaceNeed(S.APPCONFIG) },
  { prefix: 'ses', need: interfaceNeed(S.EMAIL) },
  { prefix: 'elasticfilesystem', need: interfaceNeed(S.ELASTIC_FILESYSTEM) },
  // ECR: a pull needs both; the rest of the API is ecr.api.
  { prefix: 'ecr', actions: ['BatchGetImage', 'GetDownloadUrlForLayer', 'BatchCheckLayerAvailability'], need: interfaceNeed(S.ECR_DOCKER) },
  { prefix: 'ecr', need: interfaceNeed(S.ECR) },
  // The ECS container agent on EC2 instances.
  { prefix: 'ecs', actions: ['Poll'], need: interfaceNeed(S.ECS_AGENT) },
  { prefix: 'ecs', actions: ['StartTelemetrySession', 'PutSystemLogEvents'], need: interfaceNeed(S.ECS_TELEMETRY) },
  { prefix: 'ecs', need: interfaceNeed(S.ECS) },
];

/**
 * Interface endpoints that are reached on other ports than 443: SES SMTP (DESIGN.md section 7).
 */
export const ENDPOINT_PORTS: Record<string, number[]> = {
  'email-smtp': [25, 465, 587, 2465, 2587],
};

/**
 * AWS managed policies a workload role commonly carries, whose documents the library ships
 * (src/iam/managed-policies.generated.ts, from the pinned dataset) and reads as if the app held them.
 * Another AWS managed policy gets a warning that it cannot be read at synth.
 */
export const READABLE_MANAGED_POLICIES: string[] = [
  'AmazonSQSFullAccess', 'AmazonSQSReadOnlyAccess', 'AmazonSNSFullAccess', 'AmazonSNSReadOnlyAccess',
  'AmazonDynamoDBFullAccess', 'AmazonDynamoDBReadOnlyAccess', 'AmazonS3FullAccess', 'AmazonS3ReadOnlyAccess',
  'SecretsManagerReadWrite', 'AmazonSSMReadOnlyAccess', 'AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy',
  'CloudWatchLogsFullAccess', 'CloudWatchLogsReadOnlyAccess', 'CloudWatchFullAccess', 'CloudWatchReadOnlyAccess', 'AWSXRayDaemonWriteAccess',
  'AmazonKinesisFullAccess', 'AmazonKinesisReadOnlyAccess', 'AmazonKinesisFirehoseFullAccess', 'AmazonEventBridgeFullAccess',
  'AWSLambda_FullAccess', 'AWSLambda_ReadOnlyAccess', 'service-role/AWSLambdaRole', 'AWSStepFunctionsFullAccess', 'AWSStepFunctionsReadOnlyAccess',
  'AmazonBedrockFullAccess', 'AmazonBedrockReadOnly', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEC2ContainerRegistryPowerUser',
  'AmazonEC2ContainerRegistryPullOnly', 'service-role/AmazonEC2ContainerServiceforEC2Role', 'AmazonAthenaFullAccess',
  'AmazonTextractFullAccess', 'AmazonRDSDataFullAccess', 'AmazonAPIGatewayInvokeFullAccess', 'AmazonSESFullAccess',
];

/**
 * AWS managed policies whose grants the AWS service running the workload uses, not its code: they
 * need nothing from the VPC (Lambda writes the function's logs and manages its network interfaces;
 * Lambda's pollers read SQS, Kinesis and DynamoDB streams outside the VPC; ECS pulls images and
 * writes logs with the task execution role, which the task's features already account for).
 */
export const SERVICE_USED_MANAGED_POLICIES: Record<string, string> = {
  'service-role/AWSLambdaBasicExecutionRole': 'Lambda writes the function\'s logs',
  'service-role/AWSLambdaVPCAccessExecutionRole': 'Lambda manages the function\'s network interfaces and writes its logs',
  'service-role/AWSLambdaSQSQueueExecutionRole': 'Lambda\'s pollers read SQS outside the VPC',
  'service-role/AWSLambdaKinesisExecutionRole': 'Lambda\'s pollers read Kinesis outside the VPC',
  'service-role/AWSLambdaDynamoDBExecutionRole': 'Lambda\'s pollers read DynamoDB streams outside the VPC',
  'service-role/AWSLambdaMSKExecutionRole': 'the pollers of an MSK event source mapping describe the cluster and manage their network interfaces',
  'service-role/AmazonECSTaskExecutionRolePolicy': 'ECS pulls the images and writes the logs with it, which the task\'s features account for',
};
