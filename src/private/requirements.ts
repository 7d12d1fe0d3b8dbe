import * as ec2 from 'aws-cdk-lib/aws-ec2';

const S = ec2.InterfaceVpcEndpointAwsService;

/**
 * A feature of an ECS workload that only works when the VPC has certain interface endpoints.
 */
export interface Feature {
  /** What the workload does, as a user would say it. */
  readonly name: string;
  /** The interface endpoints it needs (the S3 gateway endpoint is always there). */
  readonly endpoints: ec2.InterfaceVpcEndpointAwsService[];
  /** What the user sees at run time when one of them is missing. */
  readonly symptom: string;
}

/**
 * What each workload feature needs in an isolated VPC (Fargate platform 1.4+); see DESIGN.md section 3.
 */
export const FEATURES = {
  ecrImage: {
    name: 'pulls its image from private ECR',
    endpoints: [S.ECR, S.ECR_DOCKER],
    symptom: 'tasks stay PENDING, then stop with ResourceInitializationError or CannotPullContainerError',
  },
  awslogs: {
    name: 'sends its output to CloudWatch Logs (awslogs driver)',
    endpoints: [S.CLOUDWATCH_LOGS],
    symptom: 'tasks stop at start with ResourceInitializationError: failed to validate logger args',
  },
  secretsManagerSecret: {
    name: 'reads a Secrets Manager secret',
    endpoints: [S.SECRETS_MANAGER],
    symptom: 'tasks stop at start with ResourceInitializationError: unable to pull secrets or registry auth',
  },
  ssmParameter: {
    name: 'reads an SSM Parameter Store parameter',
    endpoints: [S.SSM],
    symptom: 'tasks stop at start with ResourceInitializationError: unable to pull secrets or registry auth',
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
