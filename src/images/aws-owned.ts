import { Aws, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * An ECR repository that AWS owns and that tasks pull from: one account per region (or per group
 * of regions), published by the owning team.
 */
export interface AwsOwnedRepository {
  /** What pulls it, as a user would say it. */
  readonly name: string;
  readonly repository: string;
  /** Region -> the AWS account that hosts the repository there. */
  readonly accounts: Readonly<Record<string, string>>;
  /** Where the accounts come from. */
  readonly source: string;
}

function regions(account: string, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((r) => [r, account]));
}

/**
 * AWS for Fluent Bit, the image `ecs.obtainDefaultFluentBitECRImage` resolves from the public SSM
 * parameters under `/aws/service/aws-for-fluent-bit/`.
 */
export const FLUENT_BIT: AwsOwnedRepository = {
  name: 'the AWS for Fluent Bit image (FireLens default)',
  repository: 'aws-for-fluent-bit',
  // aws/aws-for-fluent-bit scripts/publish.sh: classic_regions_account_id, cn_regions_account_id,
  // gov_regions_account_id and the per-region accounts of the opt-in regions.
  source: 'aws/aws-for-fluent-bit scripts/publish.sh',
  accounts: {
    ...regions('906394416424', [
      'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
      'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
      'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
    ]),
    ...regions('128054284489', ['cn-north-1', 'cn-northwest-1']),
    ...regions('161423150738', ['us-gov-east-1', 'us-gov-west-1']),
    'ap-east-1': '449074385750',
    'me-south-1': '741863432321',
    'af-south-1': '928143927712',
    'eu-south-1': '960320637246',
  },
};

/**
 * The GuardDuty Runtime Monitoring agent that GuardDuty adds as a sidecar to Fargate tasks.
 */
export const GUARDDUTY_AGENT: AwsOwnedRepository = {
  name: 'the GuardDuty Runtime Monitoring agent sidecar',
  repository: 'aws-guardduty-agent-fargate',
  // GuardDuty User Guide, "ECR Repository for GuardDuty agent on AWS Fargate (Amazon ECS only)"
  // (https://docs.aws.amazon.com/guardduty/latest/ug/ecs-runtime-agent-ecr-image-uri.html), and
  // "GuardDuty in AWS GovCloud (US)" for the two GovCloud regions.
  source: 'https://docs.aws.amazon.com/guardduty/latest/ug/ecs-runtime-agent-ecr-image-uri.html',
  accounts: {
    'us-east-1': '593207742271',
    'us-east-2': '307168627858',
    'us-west-1': '684579721401',
    'us-west-2': '733349766148',
    'ca-central-1': '354763396469',
    'ca-west-1': '339712888787',
    'mx-central-1': '311141559934',
    'sa-east-1': '758426053663',
    'eu-west-1': '694911143906',
    'eu-west-2': '892757235363',
    'eu-west-3': '665651866788',
    'eu-central-1': '323658145986',
    'eu-central-2': '529164026651',
    'eu-north-1': '591436053604',
    'eu-south-1': '266869475730',
    'eu-south-2': '919611009337',
    'il-central-1': '870907303882',
    'me-central-1': '000014521398',
    'me-south-1': '536382113932',
    'af-south-1': '197869348890',
    'ap-south-1': '251508486986',
    'ap-south-2': '950823858135',
    'ap-east-1': '258348409381',
    'ap-east-2': '259886477082',
    'ap-northeast-1': '533107202818',
    'ap-northeast-2': '914738172881',
    'ap-northeast-3': '273192626886',
    'ap-southeast-1': '174946120834',
    'ap-southeast-2': '005257825471',
    'ap-southeast-3': '510637619217',
    'ap-southeast-4': '251357961535',
    'ap-southeast-5': '156041399949',
    'ap-southeast-7': '054037130133',
    'us-gov-east-1': '383115532789',
    'us-gov-west-1': '383110348953',
  },
};

/**
 * The ARNs of `repo` that tasks of `scope`'s stack may pull: the one of the stack's region, or,
 * in an environment-agnostic stack, that of every hosting account in the region the stack is
 * deployed to. Undefined when the stack's region is known and AWS publishes no account for it.
 */
export function awsOwnedRepositoryArns(scope: IConstruct, repo: AwsOwnedRepository): string[] | undefined {
  const stack = Stack.of(scope);
  const arn = (region: string, account: string) => `arn:${Aws.PARTITION}:ecr:${region}:${account}:repository/${repo.repository}`;
  if (!Token.isUnresolved(stack.region)) {
    const account = repo.accounts[stack.region];
    return account ? [arn(stack.region, account)] : undefined;
  }
  return [...new Set(Object.values(repo.accounts))].map((account) => arn(Aws.REGION, account));
}
