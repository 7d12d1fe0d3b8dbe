import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ACTION_RULES, ActionRule, CallNeed, ResourceKind } from './action-rules';
import { catalogActions, isIamServicePrefix } from './catalog';
import { matchesIamPattern } from './patterns';

/**
 * What one action of a statement needs.
 */
export interface ActionNeed {
  /** The action, as the catalog spells it (`sqs:SendMessage`), or the pattern when the catalog has no list. */
  readonly action: string;
  readonly need: CallNeed;
}

/**
 * Why an action pattern leads to no need at all.
 */
export type Unresolvable = 'everything' | 'unknown-prefix' | 'unknown-service';

let byShortName: Map<string, ec2.InterfaceVpcEndpointAwsService> | undefined;

// aws-cdk-lib's catalog by short name, for prefixes without a row whose endpoint has their name (`ec2`, `codebuild`).
function cdkEndpoint(name: string): ec2.InterfaceVpcEndpointAwsService | undefined {
  if (!byShortName) {
    byShortName = new Map();
    for (const value of Object.values(ec2.InterfaceVpcEndpointAwsService)) {
      if (value instanceof ec2.InterfaceVpcEndpointAwsService && !byShortName.has(value.shortName)) byShortName.set(value.shortName, value);
    }
  }
  return byShortName.get(name);
}

/**
 * What the actions that `pattern` (`sqs:Send*`, `dynamodb:*`) stands for need, given the
 * statement's resources (resolved; `*` for any). Wildcards are expanded against the IAM catalog
 * where the rules of the prefix depend on the action.
 */
export function needsOfAction(pattern: string, resources: unknown[]): ActionNeed[] | Unresolvable {
  if (pattern === '*' || pattern === '*:*') return 'everything';
  const colon = pattern.indexOf(':');
  const prefix = pattern.slice(0, colon).toLowerCase();
  const name = pattern.slice(colon + 1);
  if (colon <= 0 || !isIamServicePrefix(prefix)) return 'unknown-prefix';

  const rules = ACTION_RULES.filter((r) => r.prefix === prefix);
  const known = catalogActions(prefix);
  // An action the pinned catalog does not know yet goes by its name, so the prefix's default row applies.
  const expanded = known?.filter((a) => matchesIamPattern(name, a));
  const actions = expanded && expanded.length > 0 ? expanded : [name];

  const needs: ActionNeed[] = [];
  for (const action of actions) {
    const rule = rules.find((r) => ruleMatches(r, action, resources));
    const need: CallNeed | undefined = rule?.need ?? fallbackNeed(prefix);
    if (!need) return 'unknown-service';
    needs.push({ action: `${prefix}:${action}`, need });
  }
  return needs;
}

function ruleMatches(rule: ActionRule, action: string, resources: unknown[]): boolean {
  if (rule.actions && !rule.actions.some((p) => matchesIamPattern(p, action))) return false;
  return !rule.resource || resources.some((r) => resourceIs(rule.resource!, r));
}

function fallbackNeed(prefix: string): CallNeed | undefined {
  const endpoint = cdkEndpoint(prefix);
  return endpoint ? { kind: 'interface', endpoint } : undefined;
}

// A resource of `kind`, or any resource.
function resourceIs(kind: ResourceKind, resource: unknown): boolean {
  const text = JSON.stringify(resource);
  if (text === '"*"') return true;
  switch (kind) {
    case 'dynamodb-stream': return /\/stream\/|"(Latest)?StreamArn"/.test(text);
  }
}

/** The endpoint short name of a need (`sqs`, `dynamodb`, `iam`). */
export function needName(need: CallNeed): string | undefined {
  switch (need.kind) {
    case 'interface': return need.endpoint.shortName;
    case 'gateway': return need.name;
    case 'global': return need.name;
    case 'none': return undefined;
  }
}
