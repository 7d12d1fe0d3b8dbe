import * as ec2 from 'aws-cdk-lib/aws-ec2';

const S = ec2.InterfaceVpcEndpointAwsService;

/**
 * A feature of an ECS workload that only works when the VPC has certain interface endpoints.
 */
export interface Feature {
  /** What the workload does, as a user would say it ("has ECS Exec enabled"). */
  readonly name: string;
  /** The interface endpoints it needs (the S3 gateway endpoint is always there). */
  readonly endpoints: ec2.InterfaceVpcEndpointAwsService[];
  /** What the user sees at run time when one of them is missing. */
  readonly symptom: string;
  /** A preset that covers it, when adding endpoints one by one is not the natural fix. */
  readonly preset?: string;
}

const START_FAILS = 'tasks stay PENDING, then stop with ResourceInitializationError';

/**
 * What each workload feature needs in an isolated VPC (Fargate platform 1.4+): the one place
 * that maps features to endpoints. Sources: the ECR and ECS developer guides ("interface VPC
 * endpoints", "ECS Exec") and aws-containers/amazon-ecs-exec-checker; see DESIGN.md section 3.
 */
export const FEATURES = {
  ecrImage: {
    name: 'pulls its image from private ECR',
    endpoints: [S.ECR, S.ECR_DOCKER],
    symptom: `${START_FAILS} or CannotPullContainerError`,
  },
  pullThroughCache: {
    name: 'pulls a public image from its ECR pull-through cache, which is a repository of your registry (no other endpoint, no perimeter exception)',
    endpoints: [S.ECR, S.ECR_DOCKER],
    symptom: `${START_FAILS} or CannotPullContainerError`,
  },
  awslogs: {
    name: 'sends its output to CloudWatch Logs (awslogs log driver)',
    endpoints: [S.CLOUDWATCH_LOGS],
    symptom: 'tasks stop at start with ResourceInitializationError: failed to validate logger args',
  },
  secretsManagerSecret: {
    name: 'reads a Secrets Manager secret',
    endpoints: [S.SECRETS_MANAGER],
    symptom: `${START_FAILS}: unable to pull secrets or registry auth`,
  },
  ssmParameter: {
    name: 'reads an SSM Parameter Store parameter',
    endpoints: [S.SSM],
    symptom: `${START_FAILS}: unable to pull secrets or registry auth`,
  },
  ecsExec: {
    name: 'has ECS Exec enabled',
    endpoints: [S.SSM_MESSAGES],
    symptom: 'aws ecs execute-command answers TargetNotConnectedException',
  },
  ecsExecKms: {
    name: 'encrypts ECS Exec sessions with a KMS key',
    endpoints: [S.KMS],
    symptom: 'aws ecs execute-command answers TargetNotConnectedException',
  },
  ecsExecLogging: {
    name: 'logs ECS Exec sessions to CloudWatch Logs',
    endpoints: [S.CLOUDWATCH_LOGS],
    symptom: 'aws ecs execute-command answers TargetNotConnectedException (the agent cannot open the session log)',
  },
  xrayDaemon: {
    name: 'runs the X-Ray daemon',
    endpoints: [S.XRAY],
    symptom: 'the daemon keeps failing to send segments, and traces never arrive',
  },
  firelensCloudWatch: {
    name: 'routes logs with FireLens to CloudWatch Logs',
    endpoints: [S.CLOUDWATCH_LOGS],
    symptom: 'the log router cannot deliver, and logs are lost',
  },
  firelensFirehose: {
    name: 'routes logs with FireLens to Kinesis Data Firehose',
    endpoints: [S.KINESIS_FIREHOSE],
    symptom: 'the log router cannot deliver, and logs are lost',
  },
  firelensKinesis: {
    name: 'routes logs with FireLens to Kinesis Data Streams',
    endpoints: [S.KINESIS_STREAMS],
    symptom: 'the log router cannot deliver, and logs are lost',
  },
  ec2Capacity: {
    name: 'runs on EC2 container instances',
    endpoints: [S.ECS, S.ECS_AGENT, S.ECS_TELEMETRY],
    symptom: 'the instances never register with the cluster, and tasks stay PROVISIONING or PENDING',
    preset: 'EndpointPreset.EC2',
  },
  serviceConnect: {
    name: 'uses Service Connect',
    endpoints: [S.ECS_AGENT],
    symptom: 'the Service Connect agent cannot reach ECS, and tasks fail their health checks',
  },
  kafkaPoller: {
    name: 'is read by an on-demand Kafka event source mapping, whose pollers reach Lambda and STS from network interfaces in the cluster\'s subnets',
    endpoints: [S.LAMBDA, S.STS],
    symptom: 'the mapping reports PROBLEM: Connection error, and the function is never invoked',
  },
  kafkaPollerAuth: {
    name: 'is read by an on-demand Kafka event source mapping that signs in with a Secrets Manager secret',
    endpoints: [S.SECRETS_MANAGER],
    symptom: 'the mapping reports PROBLEM: Connection error, and the function is never invoked',
  },
} satisfies Record<string, Feature>;

let memberNames: Map<string, string> | undefined;

/**
 * The line of code that adds `service`'s endpoint, such as
 * `vpc.addEndpoint(ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES)`.
 */
export function addEndpointCode(service: ec2.InterfaceVpcEndpointAwsService): string {
  if (!memberNames) {
    memberNames = new Map();
    for (const [member, value] of Object.entries(ec2.InterfaceVpcEndpointAwsService)) {
      if (value instanceof ec2.InterfaceVpcEndpointAwsService && !memberNames.has(value.shortName)) {
        memberNames.set(value.shortName, member);
      }
    }
  }
  const member = memberNames.get(service.shortName);
  return member
    ? `vpc.addEndpoint(ec2.InterfaceVpcEndpointAwsService.${member})`
    : `vpc.addEndpoint(new ec2.InterfaceVpcEndpointAwsService('${service.shortName}'))`;
}
