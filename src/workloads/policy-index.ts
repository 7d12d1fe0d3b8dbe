import { CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * A statement of a role's policies, resolved, with where it comes from.
 */
export interface SourcedStatement {
  readonly statement: Record<string, any>;
  /** "policy 'Stack/Api/TaskRole/DefaultPolicy'", "AWS managed policy AmazonSQSFullAccess" */
  readonly source: string;
  /** The stack the statement was resolved in, to name its resources. */
  readonly stack: Stack;
}

/**
 * What an event source mapping reads: its source (absent for self-managed Kafka) and its secrets.
 */
export interface EventSourceRead {
  readonly source?: unknown;
  readonly secrets: unknown[];
}

/**
 * What a role's policies say, and what of them cannot be read at synth.
 */
export interface RolePolicies {
  readonly statements: SourcedStatement[];
  /** AWS managed policies attached by name (`service-role/AWSLambdaBasicExecutionRole`). */
  readonly awsManagedPolicies: string[];
  /** Policies that cannot be read: managed policies by ARN, an imported role's own policies. */
  readonly unreadable: string[];
}

// Resource types whose KMS key AWS uses on the caller's behalf (kms:ViaService), and where the key is.
const SERVER_SIDE_KEY_PROPERTIES: Record<string, { what: string; property: string }> = {
  'AWS::SQS::Queue': { what: 'SQS queue', property: 'kmsMasterKeyId' },
  'AWS::SNS::Topic': { what: 'SNS topic', property: 'kmsMasterKeyId' },
  'AWS::S3::Bucket': { what: 'S3 bucket', property: 'bucketEncryption' },
  'AWS::DynamoDB::Table': { what: 'DynamoDB table', property: 'sseSpecification' },
  'AWS::SecretsManager::Secret': { what: 'Secrets Manager secret', property: 'kmsKeyId' },
  'AWS::Kinesis::Stream': { what: 'Kinesis stream', property: 'streamEncryption' },
};

/**
 * The IAM policies and encrypted resources of an app, indexed once per synth.
 */
export class PolicyIndex {
  /** role key (its resolved name) -> policies attached to it by `Roles`, resolved when a workload's role is read */
  private readonly attached = new Map<string, { stack: Stack; document: unknown; source: string }[]>();
  private readonly managedByLogicalId = new Map<string, { path: string; cfn: iam.CfnManagedPolicy }>();
  /** key identity (logical id or literal ARN) -> what it encrypts server-side */
  private readonly serverSide = new Map<string, string[]>();
  /** stack -> its resources; their logical ids are resolved only when a statement names one */
  private readonly resourcesOf = new Map<Stack, CfnResource[]>();
  private readonly paths = new Map<Stack, Map<string, string>>();
  /** stack path | function logical id -> what its event source mappings read, resolved */
  private readonly eventSources = new Map<string, EventSourceRead[]>();

  constructor(root: IConstruct) {
    for (const c of root.node.findAll()) {
      if (!CfnResource.isCfnResource(c)) continue;
      const stack = Stack.of(c);
      this.resourcesOf.set(stack, [...(this.resourcesOf.get(stack) ?? []), c]);
      if (c instanceof iam.CfnPolicy || c instanceof iam.CfnManagedPolicy) {
        if (c instanceof iam.CfnManagedPolicy) this.managedByLogicalId.set(stack.resolve(c.logicalId), { path: pathOf(c), cfn: c });
        for (const role of stack.resolve(c.roles) ?? []) {
          const key = JSON.stringify(role);
          this.attached.set(key, [...(this.attached.get(key) ?? []), { stack, document: c.policyDocument, source: `policy '${pathOf(c)}'` }]);
        }
        continue;
      }
      if (c.cfnResourceType === 'AWS::Lambda::EventSourceMapping') {
        const mapping = c as CfnResource & { functionName: string; eventSourceArn?: string; sourceAccessConfigurations?: unknown };
        const fn = stack.resolve(mapping.functionName)?.Ref;
        if (typeof fn === 'string') {
          const key = `${stack.node.path}|${fn}`;
          const secrets = (stack.resolve(mapping.sourceAccessConfigurations) ?? [])
            .filter((a: any) => !['VPC_SUBNET', 'VPC_SECURITY_GROUP'].includes(a?.type)).map((a: any) => a.uri);
          const read = { source: mapping.eventSourceArn ? stack.resolve(mapping.eventSourceArn) : undefined, secrets };
          this.eventSources.set(key, [...(this.eventSources.get(key) ?? []), read]);
        }
        continue;
      }
      const serverSide = SERVER_SIDE_KEY_PROPERTIES[c.cfnResourceType];
      if (serverSide) {
        for (const key of keyIdentities(stack.resolve((c as any)[serverSide.property]))) {
          this.serverSide.set(key, [...(this.serverSide.get(key) ?? []), `${serverSide.what} '${pathOf(c)}'`]);
        }
      }
    }
  }

  /**
   * Everything the app says of what `role` may do, however it was attached.
   */
  public policiesOf(role: iam.IRole): RolePolicies {
    const stack = Stack.of(role);
    const statements: SourcedStatement[] = [];
    const awsManagedPolicies: string[] = [];
    const unreadable: string[] = [];
    const key = JSON.stringify(stack.resolve(role.roleName));
    for (const policy of this.attached.get(key) ?? []) statements.push(...documentStatements(policy.stack, policy.document, policy.source));

    const cfn = role.node.defaultChild;
    if (cfn instanceof iam.CfnRole) {
      for (const inline of stack.resolve(cfn.policies) ?? []) {
        statements.push(...documentStatements(stack, inline.policyDocument, `inline policy '${inline.policyName}' of role '${role.node.path}'`));
      }
      for (const arn of stack.resolve(cfn.managedPolicyArns) ?? []) {
        const text = JSON.stringify(arn);
        const awsManaged = /:iam::aws:policy\/([^"]+)"/.exec(text);
        const ref = typeof arn === 'object' && arn !== null && typeof arn.Ref === 'string' ? this.managedByLogicalId.get(arn.Ref) : undefined;
        if (awsManaged) {
          awsManagedPolicies.push(awsManaged[1]);
        } else if (ref) {
          // Attached through the role's list rather than the policy's Roles: read it here.
          if (!(stack.resolve(ref.cfn.roles) ?? []).some((r: unknown) => JSON.stringify(r) === key)) {
            statements.push(...documentStatements(stack, ref.cfn.policyDocument, `policy '${ref.path}'`));
          }
        } else {
          unreadable.push(`managed policy ${typeof arn === 'string' ? `'${arn}'` : text}`);
        }
      }
    } else if (statements.length === 0) {
      unreadable.push(`the policies of imported role '${role.node.path}'`);
    }
    return { statements, awsManagedPolicies, unreadable };
  }

  /**
   * What a KMS key encrypts in the app, where AWS uses the key on the caller's behalf; empty when
   * the key encrypts nothing the app knows of (so the code must be using it directly).
   */
  public serverSideUsesOf(resource: unknown): string[] {
    return keyIdentities(resource).flatMap((k) => this.serverSide.get(k) ?? []);
  }

  /**
   * What the event source mappings of the function with `logicalId` in `stack` read: their source
   * ARNs and the secrets they authenticate with (resolved).
   */
  public eventSourcesOf(stack: Stack, logicalId: string): EventSourceRead[] {
    return this.eventSources.get(`${stack.node.path}|${stack.resolve(logicalId)}`) ?? [];
  }

  /**
   * An ARN (resolved) as text, with the service of a resource of the app when a token names it:
   * `arn:aws:sqs:` for a queue's GetAtt.
   */
  public arnText(arn: unknown): string {
    if (typeof arn === 'string') return arn;
    const id = logicalIdsIn(arn)[0];
    const type = id ? [...this.resourcesOf.values()].flat().find((r) => r.stack.resolve(r.logicalId) === id)?.cfnResourceType : undefined;
    const service = type === 'AWS::SQS::Queue' ? 'sqs' : type === 'AWS::Kinesis::Stream' ? 'kinesis' : type === 'AWS::DynamoDB::Table' ? 'dynamodb'
      : type === 'AWS::MSK::Cluster' ? 'kafka' : type?.split('::')[1]?.toLowerCase();
    return service ? `arn:aws:${service}:` : JSON.stringify(arn);
  }

  /**
   * A resource of a statement as a user knows it: `'Stack/Jobs'`, `any resource`, or the ARN.
   */
  public describeResource(stack: Stack, resource: unknown): string {
    if (resource === '*') return 'any resource';
    if (typeof resource === 'string') return `'${resource}'`;
    const refs = logicalIdsIn(resource).map((id) => this.pathsOf(stack).get(id) ?? id);
    if (refs.length === 0) return JSON.stringify(resource);
    const stream = /"(Latest)?StreamArn"/.test(JSON.stringify(resource)) ? 'the stream of ' : '';
    return `${stream}'${refs[0]}'${/\/\*"|\*"\]/.test(JSON.stringify(resource)) ? ' (and what is under it)' : ''}`;
  }

  // logical id -> the path users know (the L2 construct), for one stack, made on first use.
  private pathsOf(stack: Stack): Map<string, string> {
    let paths = this.paths.get(stack);
    if (!paths) {
      paths = new Map((this.resourcesOf.get(stack) ?? []).map((c) => [stack.resolve(c.logicalId) as string, pathOf(c)]));
      this.paths.set(stack, paths);
    }
    return paths;
  }
}

function pathOf(c: CfnResource): string {
  return c.node.scope?.node.path ?? c.node.path;
}

function documentStatements(stack: Stack, document: unknown, source: string): SourcedStatement[] {
  const resolved = stack.resolve(document);
  const list = resolved?.Statement;
  return (Array.isArray(list) ? list : list ? [list] : []).map((statement: Record<string, any>) => ({ statement, source, stack }));
}

// The logical ids a resolved value refers to (Ref, Fn::GetAtt), in order.
function logicalIdsIn(value: unknown): string[] {
  const ids: string[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) {v.forEach(visit);} else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.Ref === 'string' && !o.Ref.startsWith('AWS::')) ids.push(o.Ref);
      else if (Array.isArray(o['Fn::GetAtt'])) ids.push(String(o['Fn::GetAtt'][0]));
      else Object.values(o).forEach(visit);
    }
  };
  visit(value);
  return ids;
}

// How a KMS key is named in a resolved value: the logical id of a key in the app, or a literal key ARN.
function keyIdentities(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const literal = typeof value === 'string' ? [value] : [];
  const nested = typeof value === 'object' ? JSON.stringify(value).match(/arn:[^"]*:kms:[^"]*/g) ?? [] : [];
  return [...logicalIdsIn(value), ...literal, ...nested];
}
