/**
 * What a platform team must change in a network it owns for the workloads of an app that adopted
 * it, in a form it can apply as it stands.
 */
export interface NetworkRequest {
  /** The VPC, as the owner knows it. */
  readonly vpcId: unknown;
  readonly region: unknown;
  /** The stack that asks. */
  readonly requestedBy: string;
  /** Interface endpoints to add, with private DNS on, in the subnets named. */
  readonly interfaceEndpoints: Array<{ serviceName: string; privateDnsEnabled: true; subnetIds: unknown[]; neededBy: string[] }>;
  /** Gateway endpoints to add, on the route tables named. */
  readonly gatewayEndpoints: Array<{ serviceName: string; routeTableIds: unknown[]; neededBy: string[] }>;
  /** Rules to add to the endpoints' security groups. */
  readonly securityGroupRules: Array<{ securityGroups: unknown[]; direction: 'ingress'; protocol: 'tcp'; port: number; sources: unknown[]; why: string }>;
  /** Statements the endpoints' policies must allow, when they restrict principals or resources. */
  readonly endpointPolicyStatements: Array<{ endpoint: string; statements: unknown[]; why: string }>;
}

/**
 * Whether the request asks for anything.
 */
export function isEmpty(request: NetworkRequest): boolean {
  return request.interfaceEndpoints.length + request.gatewayEndpoints.length + request.securityGroupRules.length
    + request.endpointPolicyStatements.length === 0;
}

/**
 * One line for the synth summary.
 */
export function summarize(request: NetworkRequest): string {
  const parts = [
    count(request.interfaceEndpoints.length, 'interface endpoint'),
    count(request.gatewayEndpoints.length, 'gateway endpoint'),
    count(request.securityGroupRules.length, 'security-group rule'),
    count(request.endpointPolicyStatements.reduce((n, e) => n + e.statements.length, 0), 'endpoint-policy statement'),
  ];
  return parts.join(', ');
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/**
 * Replaces the pseudo parameters a stack with an environment knows, and joins what then is
 * literal, so the owner reads `arn:aws:ecr:...` instead of `Fn::Join`.
 */
export function literalize(value: unknown, known: { [pseudo: string]: string | undefined }): unknown {
  if (Array.isArray(value)) return value.map((v) => literalize(v, known));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1 && entries[0][0] === 'Ref' && typeof entries[0][1] === 'string' && known[entries[0][1]] !== undefined) {
    return known[entries[0][1]];
  }
  if (entries.length === 1 && entries[0][0] === 'Fn::Join') {
    const [separator, parts] = entries[0][1] as [string, unknown[]];
    const literal = parts.map((p) => literalize(p, known));
    if (literal.every((p) => typeof p === 'string')) return literal.join(separator);
    return { 'Fn::Join': [separator, literal] };
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, literalize(v, known)]));
}

/**
 * The partition of a region.
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
