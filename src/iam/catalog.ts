import { IAM_ACTION_NAMES, IAM_ACTIONS, IAM_SERVICE_PREFIXES, RESOURCELESS_ACTIONS } from './catalog.generated';

export { IAM_CATALOG_VERSION } from './catalog.generated';

let prefixes: Set<string> | undefined;

function prefixSet(): Set<string> {
  return prefixes ??= new Set(IAM_SERVICE_PREFIXES.split(' '));
}
const split = new Map<string, string[]>();

function words(key: string, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  let list = split.get(key);
  if (!list) split.set(key, list = text.split(' '));
  return list;
}

/** Whether AWS has an IAM service with this prefix (`sqs`, `dynamodb`). */
export function isIamServicePrefix(prefix: string): boolean {
  return prefixSet().has(prefix);
}

/** Every action of `prefix`, for the prefixes whose rules pick actions; undefined for the others. */
export function catalogActions(prefix: string): string[] | undefined {
  return words(`actions:${prefix}`, IAM_ACTIONS[prefix]);
}

/** The actions of `prefix` that take no resource, as `prefix:Action`. */
export function resourcelessActions(prefix: string): string[] {
  return (words(`resourceless:${prefix}`, RESOURCELESS_ACTIONS[prefix]) ?? []).map((a) => `${prefix}:${a}`);
}

/** Every action of `prefix` that the shipped catalog lists, or undefined for a prefix it lists none of. */
export function knownActions(prefix: string): string[] | undefined {
  return catalogActions(prefix) ?? words(`names:${prefix}`, IAM_ACTION_NAMES[prefix]);
}

/** The known prefixes, for near matches. */
export function servicePrefixes(): string[] {
  return [...prefixSet()];
}
