import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PolicyIndex } from './policy-index';
import { ResourceGrant } from '../endpoints/resource-grant';
import { CallNeed, READABLE_MANAGED_POLICIES, SERVICE_USED_MANAGED_POLICIES } from '../iam/action-rules';
import { accountOfArn } from '../iam/arn-account';
import { IAM_CATALOG_VERSION } from '../iam/catalog';
import { MANAGED_POLICIES_VERSION, MANAGED_POLICY_DOCUMENTS } from '../iam/managed-policies.generated';
import { needName, needsOfAction } from '../iam/needs';

/**
 * A call the code of a workload may make, and what it needs from the VPC.
 */
export interface CallUse {
  readonly need: CallNeed;
  /** "PrivateFargateService 'Stack/Api'" */
  readonly workload: string;
  /** "task role 'Stack/Api/TaskRole' may sqs:SendMessage, sqs:GetQueueUrl on 'Stack/Jobs'" */
  readonly reason: string;
}

/**
 * What a role lets its workload call: the calls that need an endpoint, why the kms grants on keys
 * that other services use server-side need none, and warnings about what cannot be read.
 */
export interface RoleCalls {
  readonly calls: CallUse[];
  /** Grants on resources whose ARN names an account (or a wildcard): the data perimeter may have to let them through. */
  readonly resourceGrants: ResourceGrant[];
  readonly serverSideKms: string[];
  readonly warnings: string[];
}


/**
 * Says which granted actions are not the code's calls: made by AWS for the workload outside the VPC
 * (an event source mapping's poller), or by software that needs no endpoint for them.
 */
export type NotCalls = (action: string, resource: unknown, statement: Record<string, any>) => boolean;

// The fix for anything the policies do not show, in every warning that needs it.
const DECLARE_FIX = 'vpc.declareCalls(workload, [\'sqs:SendMessage\', ...], \'why\')';

/**
 * Reads what `role` may do from every policy the app attaches to it, and derives what the
 * workload's code needs to reach those services from an isolated VPC.
 *
 * @param roleName how messages name the role, such as "task role 'Stack/Api/TaskRole'"
 */
export function callsOfRole(index: PolicyIndex, role: iam.IRole, workload: string, roleName: string, notCalls?: NotCalls): RoleCalls {
  const policies = index.policiesOf(role);
  const builder = new CallsBuilder(workload, roleName);

  for (const { statement, source, stack } of policies.statements) {
    if (statement.Effect !== 'Allow') continue;
    if (statement.NotAction !== undefined) {
      builder.warn(`${source} allows every action but some (NotAction), which says nothing of what the code calls`);
      continue;
    }
    const resources: unknown[] = statement.NotResource !== undefined ? ['*'] : list(statement.Resource);
    // The statement's resources are described once, not once per action.
    let described: string | undefined;
    for (const action of list(statement.Action)) {
      if (typeof action !== 'string') continue;
      const called = notCalls ? resources.filter((r) => !notCalls(action, r, statement)) : resources;
      if (called.length === 0) continue;
      const whole = called.length === resources.length;
      const tail = whole ? described ??= describeResources(index, stack, resources) : describeResources(index, stack, called);
      builder.add(action, called, { verb: 'may', tail: `on ${tail}` }, index, source);
    }
  }
  for (const name of policies.awsManagedPolicies) {
    if (SERVICE_USED_MANAGED_POLICIES[name] !== undefined) continue;
    const document = MANAGED_POLICY_DOCUMENTS[name];
    if (!document) {
      builder.warn(`AWS managed policy ${name} cannot be read at synth (the library ships the documents of ${READABLE_MANAGED_POLICIES.length} common ones, `
        + `from ${MANAGED_POLICIES_VERSION})`);
      continue;
    }
    const policy = `AWS managed policy ${name} (${document.version})`;
    for (const statement of document.statements) {
      if (statement.notAction) {
        builder.warn(`${policy} allows every action but some (NotAction), which says nothing of what the code calls`);
        continue;
      }
      const resources = statement.resources.split(' ');
      // AWS's documents name resources of any account by design: they say what may be called, not whose resource it is.
      for (const action of statement.actions!.split(' ')) builder.add(action, resources, { verb: 'may', tail: `through ${policy}` }, index, policy, true, false);
    }
  }
  for (const what of policies.unreadable) builder.warn(`${what} cannot be read at synth`);
  return builder.result();
}

/**
 * What declared calls need: the same table as for grants, with no resource to go by (so a kms
 * call counts as direct use of a key).
 */
export function callsOfDeclaration(index: PolicyIndex, actions: string[], workload: string, reason: string): RoleCalls {
  const builder = new CallsBuilder(workload, 'declaration');
  for (const action of actions) builder.add(action, ['*'], { verb: 'calls', tail: `(declared: ${reason})` }, index, 'the declaration', false);
  return builder.result();
}

class CallsBuilder {
  private readonly byNeed = new Map<string, NeedGroup>();
  /** what the key encrypts -> the grants of it */
  private readonly serverSideKms = new Map<string, NeedGroup>();
  private readonly warnings: string[] = [];
  /** endpoint + resource -> the grant */
  private readonly resourceGrants = new Map<string, { endpoint: string; actions: Set<string>; resource: unknown; account: string }>();

  constructor(private readonly workload: string, private readonly roleName: string) {}

  public warn(text: string): void {
    this.warnings.push(`${this.workload}: ${this.roleName}: ${text}, so the endpoints its code needs may be missing. `
      + `Declare what the code calls: ${DECLARE_FIX}.`);
  }

  public add(pattern: string, resources: unknown[], grant: Grant, index: PolicyIndex, source: string, serverSide = true, noteAccounts = true): void {
    const needs = needsOfAction(pattern, resources);
    if (needs === 'everything') {
      this.warn(`${source} allows every action ('${pattern}'), which says nothing of what the code calls`);
      return;
    }
    if (needs === 'unknown-prefix') {
      this.warn(`${source} names '${pattern}', whose service the IAM catalog (${IAM_CATALOG_VERSION}) does not know`);
      return;
    }
    if (needs === 'unknown-service') {
      this.warn(`${source} allows '${pattern}', a service with no VPC endpoint that this library knows`);
      return;
    }
    for (const { action, need } of needs) {
      // KMS used by another service on the caller's behalf (kms:ViaService) travels inside that service.
      const keyUses = serverSide && need.kind === 'interface' && need.endpoint.shortName === 'kms'
        ? resources.map((r) => index.serverSideUsesOf(r)) : [];
      if (keyUses.length > 0 && keyUses.every((uses) => uses.length > 0)) {
        const encrypts = [...new Set(keyUses.flat())].join(', ');
        this.group(this.serverSideKms, { need: { kind: 'none', why: 'server-side KMS use' }, grants: new Map() }, grant, action, encrypts);
        continue;
      }
      if (need.kind === 'none') continue;
      this.group(this.byNeed, { need, grants: new Map() }, grant, action, `${need.kind}:${needName(need)}`);
      if (noteAccounts && (need.kind === 'interface' || (need.kind === 'gateway' && need.name === 'dynamodb'))) this.noteAccounts(needName(need)!, action, resources);
    }
  }

  private noteAccounts(endpoint: string, action: string, resources: unknown[]): void {
    for (const resource of resources) {
      const account = resource === '*' ? undefined : accountOfArn(resource);
      if (!account) continue;
      const key = `${endpoint}|${JSON.stringify(resource)}`;
      const entry = this.resourceGrants.get(key) ?? { endpoint, actions: new Set<string>(), resource, account };
      entry.actions.add(action);
      this.resourceGrants.set(key, entry);
    }
  }

  // Collects actions by what they need and by grant, so one sentence names all actions on the same resources.
  private group(into: Map<string, NeedGroup>, fresh: NeedGroup, grant: Grant, action: string, key: string): void {
    const entry = into.get(key) ?? fresh;
    const group = entry.grants.get(`${grant.verb} ${grant.tail}`) ?? { grant, actions: [] };
    group.actions.push(action);
    entry.grants.set(`${grant.verb} ${grant.tail}`, group);
    into.set(key, entry);
  }

  public result(): RoleCalls {
    const calls = [...this.byNeed.values()].map(({ need, grants }) =>
      ({ need, workload: this.workload, reason: `${this.roleName} of ${this.workload} ${sentences(grants)}` }));
    const serverSideKms = [...this.serverSideKms.entries()].map(([encrypts, { grants }]) =>
      `kms (not needed): ${this.roleName} of ${this.workload} ${sentences(grants)}, a key that encrypts ${encrypts}; `
      + 'that service calls KMS itself (server-side), so the code needs no kms endpoint');
    const grantee = `${this.roleName} of ${this.workload}`;
    const resourceGrants = [...this.resourceGrants.values()].map((g) => ({ ...g, actions: [...g.actions].sort(), grantee }));
    return { calls, resourceGrants, serverSideKms, warnings: [...new Set(this.warnings)] };
  }
}

interface NeedGroup {
  readonly need: CallNeed;
  readonly grants: Map<string, { grant: Grant; actions: string[] }>;
}

function sentences(grants: NeedGroup['grants']): string {
  return [...grants.values()].map(({ grant, actions }) => `${grant.verb} ${abbreviate([...new Set(actions)])} ${grant.tail}`).join('; ');
}

// "may sqs:SendMessage on 'Stack/Jobs'": the verb and what follows the actions.
interface Grant {
  readonly verb: string;
  readonly tail: string;
}

function describeResources(index: PolicyIndex, stack: Stack, resources: unknown[]): string {
  return abbreviate([...new Set(resources.map((r) => index.describeResource(stack, r)))]);
}

function abbreviate(items: string[]): string {
  return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
