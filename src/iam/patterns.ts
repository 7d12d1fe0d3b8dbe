const cache = new Map<string, RegExp>();

/**
 * Whether `name` matches an IAM pattern: `*` any run of characters, `?` one, case-insensitive,
 * as IAM compares action names.
 */
export function matchesIamPattern(pattern: string, name: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    const body = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
    regex = new RegExp(`^${body}$`, 'i');
    cache.set(pattern, regex);
  }
  return regex.test(name);
}
