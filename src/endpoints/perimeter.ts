import { Aws, Fn, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { EndpointPolicy } from './policy';
import { ACTION_RULES } from '../iam/action-rules';
import { resourcelessActions } from '../iam/catalog';

// Calls without a resource of their own act on the caller's account: trusted principals may make
// them whatever the resource account. Which actions those are comes from the IAM catalog.
function resourcelessActionsOf(shortName: string): string[] {
  let prefixes = PREFIXES_OF_ENDPOINT.get(shortName);
  if (!prefixes) {
    prefixes = [...new Set(ACTION_RULES.filter((r) => r.need.kind === 'interface' && r.need.endpoint.shortName === shortName).map((r) => r.prefix))];
    PREFIXES_OF_ENDPOINT.set(shortName, prefixes);
  }
  return prefixes.flatMap(resourcelessActions);
}
const PREFIXES_OF_ENDPOINT = new Map<string, string[]>();

function trustedPrincipals(scope: IConstruct, policy: EndpointPolicy): Record<string, unknown> {
  return policy.organizationId
    ? { 'aws:PrincipalOrgID': policy.organizationId }
    : { 'aws:PrincipalAccount': [Stack.of(scope).account, ...policy.accountIds] };
}

function trustedResources(scope: IConstruct, policy: EndpointPolicy): Record<string, unknown> {
  return policy.organizationId
    ? { 'aws:ResourceOrgID': policy.organizationId }
    : { 'aws:ResourceAccount': [Stack.of(scope).account, ...policy.accountIds] };
}

// The data perimeter itself: both the principal and the resource are trusted.
function perimeterStatement(scope: IConstruct, policy: EndpointPolicy, sid: string, actions: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    principals: [new iam.AnyPrincipal()],
    actions,
    resources: ['*'],
    conditions: { StringEquals: { ...trustedPrincipals(scope, policy), ...trustedResources(scope, policy) } },
  });
}

/**
 * The statements of an interface endpoint's policy, or none for `EndpointPolicy.OPEN`.
 */
export function interfaceEndpointStatements(scope: IConstruct, policy: EndpointPolicy, shortName: string): iam.PolicyStatement[] {
  if (policy === EndpointPolicy.OPEN) return [];
  const statements = [
    perimeterStatement(scope, policy, 'TrustedPrincipalsToTrustedResources', ['*']),
    new iam.PolicyStatement({
      sid: 'AwsServicePrincipals',
      principals: [new iam.AnyPrincipal()],
      actions: ['*'],
      resources: ['*'],
      conditions: { Bool: { 'aws:PrincipalIsAWSService': 'true' } },
    }),
  ];
  const resourceless = resourcelessActionsOf(shortName);
  if (resourceless.length > 0) {
    statements.push(new iam.PolicyStatement({
      sid: 'TrustedPrincipalsResourcelessCalls',
      principals: [new iam.AnyPrincipal()],
      actions: resourceless,
      resources: ['*'],
      conditions: { StringEquals: trustedPrincipals(scope, policy) },
    }));
  }
  return statements;
}

/**
 * The base statements of the S3 gateway endpoint's policy: ECR image layers and the trusted
 * accounts' buckets; none for `EndpointPolicy.OPEN`.
 */
export function s3GatewayStatements(scope: IConstruct, policy: EndpointPolicy): iam.PolicyStatement[] {
  if (policy === EndpointPolicy.OPEN) return [];
  return [
    new iam.PolicyStatement({
      // ECR hands out presigned URLs signed by its own account for the layers, so the principal is not ours.
      sid: 'EcrImageLayers',
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:GetObject'],
      resources: [`arn:${Aws.PARTITION}:s3:::prod-${Aws.REGION}-starport-layer-bucket/*`],
    }),
    perimeterStatement(scope, policy, 'TrustedPrincipalsToTrustedBuckets', ['s3:*']),
  ];
}

/**
 * A statement that lets trusted principals use a declared bucket; none for `EndpointPolicy.OPEN`.
 */
export function declaredBucketStatements(scope: IConstruct, policy: EndpointPolicy, bucketName: string, actions: string[]): iam.PolicyStatement[] {
  if (policy === EndpointPolicy.OPEN) return [];
  return [new iam.PolicyStatement({
    principals: [new iam.AnyPrincipal()],
    actions,
    resources: [`arn:${Aws.PARTITION}:s3:::${bucketName}`, `arn:${Aws.PARTITION}:s3:::${bucketName}/*`],
    conditions: { StringEquals: trustedPrincipals(scope, policy) },
  })];
}

/**
 * The DynamoDB gateway endpoint's policy: tables of the trusted accounts only; none for `EndpointPolicy.OPEN`.
 */
export function dynamoDbGatewayStatements(scope: IConstruct, policy: EndpointPolicy): iam.PolicyStatement[] {
  if (policy === EndpointPolicy.OPEN) return [];
  return [perimeterStatement(scope, policy, 'TrustedPrincipalsToTrustedTables', ['dynamodb:*'])];
}

/** What pulling an image takes, and nothing more: no push, no listing, no repository settings. */
export const ECR_PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];

/**
 * A statement of the ECR endpoints' policy that lets trusted principals pull images from the
 * repositories given, whatever account owns them (AWS, or a shared registry); none for `OPEN`.
 */
export function imagePullStatements(scope: IConstruct, policy: EndpointPolicy): iam.PolicyStatement[] {
  if (policy === EndpointPolicy.OPEN) return [];
  return [new iam.PolicyStatement({
    sid: 'TrustedPrincipalsPullImagesOfOtherAccounts',
    principals: [new iam.AnyPrincipal()],
    actions: ECR_PULL_ACTIONS,
    conditions: { StringEquals: trustedPrincipals(scope, policy) },
  })];
}

/**
 * A statement that lets trusted principals make `actions` on resources added to it later, whatever
 * account owns them: an exception for resources of other accounts that the workloads are granted.
 */
export function otherAccountStatement(scope: IConstruct, policy: EndpointPolicy, sid: string, actions: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    principals: [new iam.AnyPrincipal()],
    actions,
    conditions: { StringEquals: trustedPrincipals(scope, policy) },
  });
}

/**
 * Buckets AWS owns that software in the VPC needs, by what needs them.
 */
export enum AwsOwnedBuckets {
  /** Custom-resource handlers attached to the VPC answer CloudFormation with a PUT to its presigned URL. */
  CUSTOM_RESOURCE_RESPONSES = 'CloudFormationCustomResourceResponses',
  /** dnf and yum on Amazon Linux read the package repositories, unsigned. */
  AMAZON_LINUX_REPOSITORIES = 'AmazonLinuxRepositories',
}

/**
 * The S3 gateway statement for AWS-owned buckets; none for `OPEN`. Neither can carry our data
 * anywhere: the response bucket accepts only requests presigned by CloudFormation, and the
 * repository buckets are read. Names from aws-samples/data-perimeter-policy-examples
 * (vpc_endpoint_policies/README.md) and the CloudFormation User Guide (cfn-vpce-bucketnames).
 */
export function awsOwnedBucketStatements(scope: IConstruct, policy: EndpointPolicy, buckets: AwsOwnedBuckets): iam.PolicyStatement[] {
  if (policy === EndpointPolicy.OPEN) return [];
  const stack = Stack.of(scope);
  const region = stack.region;
  const s3 = (name: string) => `arn:${Aws.PARTITION}:s3:::${name}/*`;
  if (buckets === AwsOwnedBuckets.CUSTOM_RESOURCE_RESPONSES) {
    const compact = Token.isUnresolved(region) ? Fn.join('', Fn.split('-', region)) : region.replace(/-/g, '');
    return [new iam.PolicyStatement({
      sid: buckets,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [s3(`cloudformation-custom-resource-response-${compact}`)],
    })];
  }
  return [new iam.PolicyStatement({
    sid: buckets,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:GetObject'],
    resources: [s3(`al2023-repos-${region}-de612dc2`), s3(`amazonlinux-2-repos-${region}`)],
  })];
}
