// Decides requests against our policies with @cloud-copilot/iam-simulate, an offline IAM simulator
// with AWS's evaluation logic and condition semantics (AGPL: a dev dependency, never shipped).
// Templates are made concrete for account 111111111111 in us-east-1 first.
import { runSimulation } from '@cloud-copilot/iam-simulate';

export const ME = '111111111111';
export const THEM = '999999999999';
export const REGION = 'us-east-1';

const PSEUDO: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::AccountId': ME, 'AWS::URLSuffix': 'amazonaws.com', 'AWS::StackName': 'Stack' };

// What the public SSM parameters resolve to in us-east-1 (aws/aws-for-fluent-bit scripts/publish.sh).
const PUBLIC_PARAMETERS: Array<[RegExp, (tag: string) => string]> = [
  [/^\/aws\/service\/aws-for-fluent-bit\/(.+)$/, (tag) => `906394416424.dkr.ecr.${REGION}.amazonaws.com/aws-for-fluent-bit:${tag}`],
];

function arnOf(logicalId: string, type: string): string {
  switch (type) {
    case 'AWS::IAM::Role': return `arn:aws:iam::${ME}:role/${logicalId}`;
    case 'AWS::Logs::LogGroup': return `arn:aws:logs:${REGION}:${ME}:log-group:${logicalId}:*`;
    case 'AWS::Lambda::Function': return `arn:aws:lambda:${REGION}:${ME}:function:${logicalId}`;
    case 'AWS::SQS::Queue': return `arn:aws:sqs:${REGION}:${ME}:${logicalId}`;
    case 'AWS::DynamoDB::Table': return `arn:aws:dynamodb:${REGION}:${ME}:table/${logicalId}`;
    case 'AWS::KMS::Key': return `arn:aws:kms:${REGION}:${ME}:key/${logicalId}`;
    case 'AWS::ECS::Cluster': return `arn:aws:ecs:${REGION}:${ME}:cluster/${logicalId}`;
    case 'AWS::S3::Bucket': return `arn:aws:s3:::${logicalId.toLowerCase()}`;
    default: return `arn:aws:${type.split('::')[1].toLowerCase()}:${REGION}:${ME}:${logicalId}`;
  }
}

/**
 * Replaces the intrinsic functions of a synthesized template value with what they resolve to when
 * deployed by 111111111111 in us-east-1; resources are named by their logical IDs.
 */
export function concrete(value: any, template: { Resources?: any; Parameters?: any } = {}): any {
  const resources = template.Resources ?? {};
  const parameters = template.Parameters ?? {};
  const go = (v: any): any => {
    if (Array.isArray(v)) return v.map(go);
    if (!v || typeof v !== 'object') return v;
    if ('Ref' in v) {
      if (PSEUDO[v.Ref]) return PSEUDO[v.Ref];
      const parameter = parameters[v.Ref];
      if (parameter) {
        for (const [pattern, uri] of PUBLIC_PARAMETERS) {
          const match = pattern.exec(parameter.Default ?? '');
          if (match) return uri(match[1]);
        }
        return parameter.Default;
      }
      const type = resources[v.Ref]?.Type;
      return ['AWS::SNS::Topic', 'AWS::SecretsManager::Secret'].includes(type) ? arnOf(v.Ref, type) : v.Ref;
    }
    if ('Fn::GetAtt' in v) {
      const [id, attribute] = v['Fn::GetAtt'];
      return attribute === 'Arn' ? arnOf(id, resources[id]?.Type ?? 'AWS::Unknown::Thing') : `${id}.${attribute}`;
    }
    if ('Fn::Join' in v) return go(v['Fn::Join'][1]).join(v['Fn::Join'][0]);
    if ('Fn::Split' in v) return String(go(v['Fn::Split'][1])).split(v['Fn::Split'][0]);
    if ('Fn::Select' in v) return go(v['Fn::Select'][1])[Number(go(v['Fn::Select'][0]))];
    if ('Fn::Sub' in v) {
      const [text, vars] = Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'] : [v['Fn::Sub'], {}];
      return text.replace(/\$\{([^}]+)\}/g, (_: string, name: string) => String(name in (vars ?? {}) ? go(vars[name]) : go(name.includes('.')
        ? { 'Fn::GetAtt': name.split('.') } : { Ref: name })));
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, go(x)]));
  };
  return go(value);
}

// aws-cdk-lib writes AnyPrincipal as {"AWS": "*"}, which AWS accepts and the simulator's validator refuses.
function normalized(policy: any): any {
  const statements = (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]).map((s: any) =>
    (s.Principal?.AWS === '*' ? { ...s, Principal: '*' } : s));
  return { Version: '2012-10-17', ...policy, Statement: statements };
}

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

export interface SimulatedRequest {
  /** The calling role's ARN. */
  readonly principal: string;
  readonly action: string;
  /** The resource's ARN, or '*' for an action without resource. */
  readonly resource: string;
  /** @default the principal's account */
  readonly resourceAccount?: string;
  readonly principalIsAwsService?: boolean;
  /** The caller's organization (aws:PrincipalOrgID). @default none */
  readonly principalOrgId?: string;
  /** The resource owner's organization (aws:ResourceOrgID). @default none */
  readonly resourceOrgId?: string;
}

export interface SimulatedPolicies {
  /** The caller's identity policies. */
  readonly identity: any[];
  /** The policies of the endpoints the request goes through. */
  readonly endpoints: any[];
  /** The resource's policy, for a resource of another account. */
  readonly resource?: any;
}

/**
 * What AWS decides for `request` under `policies`, with the request's context keys
 * (`aws:PrincipalAccount`, `aws:ResourceAccount`) given explicitly, as the simulator needs.
 */
export async function decide(request: SimulatedRequest, policies: SimulatedPolicies): Promise<Decision> {
  const principalAccount = request.principal.split(':')[4];
  const resourceAccount = request.resourceAccount ?? principalAccount;
  const context: Record<string, string> = {
    'aws:PrincipalAccount': principalAccount,
    'aws:PrincipalIsAWSService': String(request.principalIsAwsService ?? false),
  };
  if (request.resource !== '*') context['aws:ResourceAccount'] = resourceAccount;
  if (request.principalOrgId) context['aws:PrincipalOrgID'] = request.principalOrgId;
  if (request.resourceOrgId && request.resource !== '*') context['aws:ResourceOrgID'] = request.resourceOrgId;
  const result = await runSimulation({
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccount },
      contextVariables: context,
    },
    identityPolicies: policies.identity.map((policy, i) => ({ name: `identity${i}`, policy: normalized(policy) })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policies.resource ? normalized(policies.resource) : undefined,
    vpcEndpointPolicies: policies.endpoints.map((policy, i) => ({ name: `endpoint${i}`, policy: normalized(policy) })),
  }, {});
  if (result.resultType === 'error') throw new Error(`simulator refused the request ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}

const ALLOW_ALL = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/**
 * Whether an endpoint policy lets a request through, the caller's own permissions aside: the
 * caller may do anything, and a resource of another account lets it.
 */
export async function endpointAllows(endpointPolicy: any, request: {
  action: string; resource: string; principalAccount: string; resourceAccount?: string; principalIsAwsService?: boolean;
}): Promise<boolean> {
  const principal = `arn:aws:iam::${request.principalAccount}:role/caller`;
  const resourceAccount = request.resourceAccount ?? request.principalAccount;
  const resource = resourceAccount !== request.principalAccount && request.resource !== '*'
    ? { Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: '*', Resource: request.resource }] } : undefined;
  const policies = { identity: [ALLOW_ALL], endpoints: [concrete(endpointPolicy)], resource };
  const decision = await decide({ ...request, principal, resourceAccount }, policies);
  return decision === 'Allowed';
}
