import { Aws, Stack } from 'aws-cdk-lib';
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
