import { ACTION_RULES, READABLE_MANAGED_POLICIES } from '../../src/iam/action-rules';
import { catalogActions, isIamServicePrefix, resourcelessActions } from '../../src/iam/catalog';
import { MANAGED_POLICY_DOCUMENTS } from '../../src/iam/managed-policies.generated';
import { needName, needsOfAction } from '../../src/iam/needs';
import { matchesIamPattern } from '../../src/iam/patterns';

const STREAM = { 'Fn::GetAtt': ['Orders', 'StreamArn'] };
const TABLE = { 'Fn::GetAtt': ['Orders', 'Arn'] };

/** The endpoint names an action needs, with the kind of need: 'interface:sqs', 'gateway:dynamodb', 'none', 'global:iam'. */
function needs(action: string, resources: unknown[] = ['*']): string[] {
  const result = needsOfAction(action, resources);
  if (typeof result === 'string') return [result];
  return [...new Set(result.map((n) => (n.need.kind === 'none' ? 'none' : `${n.need.kind}:${needName(n.need)}`)))].sort();
}

describe('each row of the table', () => {
  test.each([
    ['sqs:SendMessage', 'interface:sqs'],
    ['sns:Publish', 'interface:sns'],
    ['kms:Decrypt', 'interface:kms'],
    ['secretsmanager:GetSecretValue', 'interface:secretsmanager'],
    ['ssm:GetParameter', 'interface:ssm'],
    ['ssmmessages:OpenDataChannel', 'interface:ssmmessages'],
    ['sts:AssumeRole', 'interface:sts'],
    ['sts:GetCallerIdentity', 'interface:sts'],
    ['events:PutEvents', 'interface:events'],
    ['lambda:InvokeFunction', 'interface:lambda'],
    ['logs:PutLogEvents', 'interface:logs'],
    ['xray:PutTraceSegments', 'interface:xray'],
    ['glue:GetTable', 'interface:glue'],
    ['athena:StartQueryExecution', 'interface:athena'],
    ['rds-data:ExecuteStatement', 'interface:rds-data'],
    ['textract:AnalyzeDocument', 'interface:textract'],
    ['comprehend:DetectSentiment', 'interface:comprehend'],
    ['translate:TranslateText', 'interface:translate'],
    ['states:StartExecution', 'interface:states'],
    ['states:StartSyncExecution', 'interface:sync-states'],
    ['kinesis:PutRecord', 'interface:kinesis-streams'],
    ['firehose:PutRecordBatch', 'interface:kinesis-firehose'],
    ['cloudwatch:PutMetricData', 'interface:monitoring'],
    ['bedrock:InvokeModel', 'interface:bedrock-runtime'],
    ['bedrock:InvokeModelWithResponseStream', 'interface:bedrock-runtime'],
    ['bedrock:InvokeAgent', 'interface:bedrock-agent-runtime'],
    ['bedrock:ListFoundationModels', 'interface:bedrock'],
    ['sagemaker:InvokeEndpoint', 'interface:sagemaker.runtime'],
    ['sagemaker:CreateModel', 'interface:sagemaker.api'],
    ['execute-api:Invoke', 'interface:execute-api'],
    ['appconfig:StartConfigurationSession', 'interface:appconfigdata'],
    ['appconfig:GetLatestConfiguration', 'interface:appconfigdata'],
    ['appconfig:ListApplications', 'interface:appconfig'],
    ['ses:SendEmail', 'interface:email'],
    ['ecr:GetAuthorizationToken', 'interface:ecr.api'],
    ['ecr:BatchGetImage', 'interface:ecr.dkr'],
    ['ecs:Poll', 'interface:ecs-agent'],
    ['ecs:StartTelemetrySession', 'interface:ecs-telemetry'],
    ['ecs:RegisterContainerInstance', 'interface:ecs'],
    ['elasticfilesystem:DescribeFileSystems', 'interface:elasticfilesystem'],
    ['s3:GetObject', 'gateway:s3'],
    ['dynamodb:PutItem', 'gateway:dynamodb'],
    ['rds-db:connect', 'none'],
    ['elasticfilesystem:ClientMount', 'none'],
    ['es:ESHttpGet', 'none'],
    ['iam:PassRole', 'none'],
    ['sts:TagSession', 'none'],
    ['iam:GetRole', 'global:iam'],
    ['organizations:DescribeOrganization', 'global:organizations'],
    ['route53:ChangeResourceRecordSets', 'global:route53'],
    ['cloudfront:CreateInvalidation', 'global:cloudfront'],
  ])('%s needs %s', (action, expected) => {
    expect(needs(action)).toEqual([expected]);
  });

  test('a prefix without a row needs the aws-cdk-lib endpoint of the same name', () => {
    expect(needs('codebuild:StartBuild')).toEqual(['interface:codebuild']);
  });

  test('DynamoDB stream actions need dynamodb-streams only on a stream or on any resource', () => {
    expect(needs('dynamodb:GetRecords', [STREAM])).toEqual(['interface:dynamodb-streams']);
    expect(needs('dynamodb:GetRecords', ['arn:aws:dynamodb:us-east-1:111111111111:table/Orders/stream/2024'])).toEqual(['interface:dynamodb-streams']);
    expect(needs('dynamodb:ListStreams', ['*'])).toEqual(['interface:dynamodb-streams']);
    // grantReadWriteData grants GetRecords on the table itself: that reaches no stream.
    expect(needs('dynamodb:GetRecords', [TABLE])).toEqual(['gateway:dynamodb']);
  });
});

describe('wildcards are expanded against the IAM catalog', () => {
  test('sqs:Send* and sqs:* need sqs', () => {
    expect(needs('sqs:Send*')).toEqual(['interface:sqs']);
    expect(needs('sqs:*')).toEqual(['interface:sqs']);
  });

  test('a wildcard over rows that differ needs each of their endpoints', () => {
    expect(needs('states:Start*')).toEqual(['interface:states', 'interface:sync-states']);
    expect(needs('states:*')).toEqual(['interface:states', 'interface:sync-states']);
    expect(needs('dynamodb:*', [TABLE])).toEqual(['gateway:dynamodb']);
    expect(needs('dynamodb:*', ['*'])).toEqual(['gateway:dynamodb', 'interface:dynamodb-streams']);
    expect(needs('iam:*')).toEqual(['global:iam', 'none']);
    expect(needs('iam:Pass*')).toEqual(['none']);
  });

  test('action names compare case-insensitively, as IAM compares them', () => {
    expect(needs('STATES:startsyncexecution')).toEqual(['interface:sync-states']);
    expect(matchesIamPattern('Get?ecord*', 'GetRecords')).toBe(true);
    expect(matchesIamPattern('Get?ecord', 'GetRecords')).toBe(false);
  });

  test('an action newer than the pinned catalog goes by its prefix', () => {
    expect(needs('states:SomeFutureAction')).toEqual(['interface:states']);
  });

  test('what cannot be resolved says why', () => {
    expect(needs('*')).toEqual(['everything']);
    expect(needs('nosuchservice:Do')).toEqual(['unknown-prefix']);
    expect(needs('notanaction')).toEqual(['unknown-prefix']);
    // A real IAM service that has no VPC endpoint at all.
    expect(needs('a4b:ListSkills')).toEqual(['unknown-service']);
  });
});

describe('the generated catalog', () => {
  test('knows every prefix of the table, and lists the actions of prefixes whose rows pick actions', () => {
    for (const rule of ACTION_RULES) {
      expect(isIamServicePrefix(rule.prefix)).toBe(true);
      if (rule.actions) {
        for (const pattern of rule.actions) expect(catalogActions(rule.prefix)!.some((a) => matchesIamPattern(pattern, a))).toBe(true);
      }
    }
    expect(catalogActions('sqs')).toBeUndefined();
  });

  test('the shipped AWS managed policies are the current documents of every policy listed, with real actions', () => {
    expect(Object.keys(MANAGED_POLICY_DOCUMENTS).sort()).toEqual([...READABLE_MANAGED_POLICIES].sort());
    for (const { statements } of Object.values(MANAGED_POLICY_DOCUMENTS)) {
      for (const statement of statements) for (const action of statement.actions?.split(' ') ?? []) expect(needs(action)).not.toContain('unknown-prefix');
    }
    // The policy the issue found flattened to ecr:*: its real document grants reads only.
    expect(MANAGED_POLICY_DOCUMENTS.AmazonEC2ContainerRegistryReadOnly.statements.flatMap((s) => s.actions!.split(' '))).not.toContain('ecr:BatchDeleteImage');
  });

  test('resourceless actions come from the catalog', () => {
    expect(resourcelessActions('ecr')).toContain('ecr:GetAuthorizationToken');
    expect(resourcelessActions('ecr')).not.toContain('ecr:BatchGetImage');
    expect(resourcelessActions('ssmmessages')).toEqual([
      'ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel',
    ]);
    expect(resourcelessActions('sts')).toContain('sts:GetCallerIdentity');
    expect(resourcelessActions('sts')).not.toContain('sts:AssumeRole');
  });
});
