import { IAM_CATALOG_VERSION, isIamServicePrefix, knownActions, servicePrefixes } from './catalog';
import { matchesIamPattern } from './patterns';

/**
 * What the IAM catalog says of an action a user declares: an error for what is surely a typo (a near
 * match exists, or a wildcard matches nothing), a warning for what the catalog cannot know yet (a
 * prefix or action newer than the catalog), nothing for a known action (IAM compares them case-insensitively).
 */
export function checkAction(prefix: string, name: string): { error?: string; warning?: string } {
  const action = `${prefix}:${name}`;
  if (!isIamServicePrefix(prefix)) {
    const near = nearest(prefix, servicePrefixes());
    if (near) return { error: `'${action}': '${prefix}' is not an IAM service prefix; did you mean '${near}:${name}'?` };
    return {
      warning: `'${action}': the IAM catalog (${IAM_CATALOG_VERSION}) has no service prefix '${prefix}'. If it is newer than the catalog, `
      + 'the declaration stands, but no endpoint is derived from it: add the endpoint with vpc.addEndpoint(...).',
    };
  }
  const actions = knownActions(prefix);
  if (!actions) return {};
  if (/[*?]/.test(name)) {
    return actions.some((a) => matchesIamPattern(name.toLowerCase(), a.toLowerCase())) ? {}
      : { error: `'${action}' matches no ${prefix} action of the IAM catalog (${IAM_CATALOG_VERSION}). Check the spelling, or name the actions one by one.` };
  }
  if (actions.some((a) => a.toLowerCase() === name.toLowerCase())) return {};
  const near = nearest(name, actions);
  if (near) return { error: `'${action}' is not a ${prefix} action; did you mean '${prefix}:${near}'?` };
  return {
    warning: `'${action}' is not in the IAM catalog (${IAM_CATALOG_VERSION}). If it is newer than the catalog, the declaration stands and `
    + `counts as a call to ${prefix}.`,
  };
}

// The closest candidate within a few edits (about one in four characters), case-insensitively.
function nearest(word: string, candidates: string[]): string | undefined {
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 4)));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
