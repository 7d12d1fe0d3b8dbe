import { Intrinsic, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { imagePullStatements, otherAccountStatement } from './perimeter';
import { EndpointPolicy } from './policy';
import { ResourceGrant } from './resource-grant';

/** The short names of the endpoints an image pull goes through. */
export const ECR_ENDPOINTS = ['ecr.api', 'ecr.dkr'];

/**
 * The exceptions a VPC's data perimeter makes for what its workloads need outside the trusted
 * accounts: images of other accounts (AWS-owned, a shared registry) through the ECR endpoints, and
 * the resources of other accounts that their roles are granted, through the endpoint of each
 * resource's service. Each exception allows only the granted actions, only on those resources, only
 * for trusted principals; statements are shared per endpoint and action set, so a policy grows by
 * one ARN per resource, not one statement.
 */
export class PerimeterExceptions {
  private readonly pulls = new Map<string, iam.PolicyStatement>();
  /** endpoint -> action set -> statement */
  private readonly grants = new Map<string, Map<string, iam.PolicyStatement>>();
  private readonly granted = new Set<string>();

  constructor(private readonly scope: IConstruct, private readonly policy: EndpointPolicy) {}

  /** What an endpoint of `shortName` must carry when it is created. */
  public statementsFor(shortName: string): iam.PolicyStatement[] {
    return [
      ...(ECR_ENDPOINTS.includes(shortName) ? this.pulls.values() : []),
      ...(this.grants.get(shortName)?.values() ?? []),
    ];
  }

  /** What the ECR exceptions let through, by source (such as `GuardDutyAgent`, `aws-for-fluent-bit`, `<account>/<repository>`). */
  public get pullSources(): string[] {
    return [...this.pulls.keys()];
  }

  /** The endpoints that carry exceptions for granted resources of other accounts. */
  public get grantEndpoints(): string[] {
    return [...this.grants.keys()];
  }

  /** How many resources of other accounts the exceptions of `shortName` name. */
  public resourceCount(shortName: string): number {
    return [...this.grants.get(shortName)?.values() ?? []].reduce((n, s) => n + s.resources.length, 0);
  }

  /**
   * Lets trusted principals pull images of `repositoryArns`. Idempotent per `source`.
   *
   * @returns the statement when it is new, for the ECR endpoints that exist already
   */
  public allowImagePull(source: string, repositoryArns: string[]): iam.PolicyStatement | undefined {
    if (this.pulls.has(source)) return undefined;
    const [statement] = imagePullStatements(this.scope, this.policy);
    if (!statement) return undefined;
    statement.sid = `TrustedPrincipalsPull${source.split(/[^A-Za-z0-9]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
    statement.addResources(...repositoryArns);
    this.pulls.set(source, statement);
    return statement;
  }

  /**
   * Lets trusted principals act on a granted resource of another account through the endpoint of
   * its service. Grants on trusted accounts need nothing.
   *
   * @returns the statement when it is new, for the endpoint if it exists already; or why the
   *   perimeter cannot express the grant
   */
  public allowResourceGrant(grant: ResourceGrant): { statement?: iam.PolicyStatement; problem?: string } {
    if (this.policy === EndpointPolicy.OPEN || this.trusts(grant.account)) return {};
    if (grant.account === '*') {
      // Under an organization perimeter any account of the organization is trusted, which is what a wildcard can mean.
      if (this.policy.organizationId) return {};
      return { problem: this.wildcardProblem(grant) };
    }
    const arn = typeof grant.resource === 'string' ? grant.resource : Token.asString(new Intrinsic(grant.resource));
    const resourceKey = `${grant.endpoint}|${grant.actions.join(',')}|${JSON.stringify(grant.resource)}`;
    if (this.granted.has(resourceKey)) return {};
    this.granted.add(resourceKey);

    let byActions = this.grants.get(grant.endpoint);
    if (!byActions) this.grants.set(grant.endpoint, byActions = new Map());
    const existing = byActions.get(grant.actions.join(','));
    if (existing) {
      existing.addResources(arn);
      return {};
    }
    const statement = otherAccountStatement(this.scope, this.policy, `TrustedPrincipalsToOtherAccounts${byActions.size + 1}`, grant.actions);
    statement.addResources(arn);
    byActions.set(grant.actions.join(','), statement);
    return { statement };
  }

  private trusts(account: string): boolean {
    const own = Stack.of(this.scope).account;
    return (!Token.isUnresolved(own) && account === own) || this.policy.accountIds.includes(account);
  }

  private wildcardProblem(grant: ResourceGrant): string {
    const resource = typeof grant.resource === 'string' ? grant.resource : JSON.stringify(grant.resource);
    return `${upperFirst(grant.grantee)} may ${grant.actions.join(', ')} on '${resource}', in any account, but the '${grant.endpoint}' endpoint's `
      + `data perimeter (EndpointPolicy.${this.policy.name}) lets trusted principals reach resources of trusted accounts only, and an exception cannot `
      + 'name every account: the calls would be denied. Name the account in the grant\'s resource (the library then admits that resource), '
      + 'trust the accounts: endpointPolicy: EndpointPolicy.accounts([\'<account>\']) or EndpointPolicy.organization(\'<o-id>\'), '
      + `or, if the code never makes these calls from the VPC: vpc.waiveEndpoint('${grant.endpoint}', 'why').`;
  }
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
