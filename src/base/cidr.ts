import { Token } from 'aws-cdk-lib';

/**
 * The first and last address of a literal IPv4 block, as numbers; undefined for a token or a malformed block.
 */
export function ipv4Range(cidr: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (Token.isUnresolved(cidr) || !match) return undefined;
  const start = match.slice(1, 5).reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(match[5]));
  const first = start - (start % size);
  return [first, first + size - 1];
}

/**
 * Whether two literal IPv4 blocks share an address.
 */
export function overlaps(a: string, b: string): boolean {
  const [ra, rb] = [ipv4Range(a), ipv4Range(b)];
  return ra !== undefined && rb !== undefined && ra[0] <= rb[1] && rb[0] <= ra[1];
}

/**
 * Why `cidr` is not an IPv4 CIDR block, or undefined.
 */
export function cidrProblem(cidr: string): string | undefined {
  if (Token.isUnresolved(cidr)) return undefined;
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (match && match.slice(1, 5).every((o) => Number(o) <= 255) && Number(match[5]) <= 32) return undefined;
  return `'${cidr}', which is not an IPv4 CIDR block. Write blocks as '10.0.0.0/8'.`;
}

/**
 * Whether literal IPv4 block `outer` holds every address of `inner`.
 */
export function contains(outer: string, inner: string): boolean {
  const [ro, ri] = [ipv4Range(outer), ipv4Range(inner)];
  return ro !== undefined && ri !== undefined && ro[0] <= ri[0] && ri[1] <= ro[1];
}
