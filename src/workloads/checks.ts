import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { WorkloadAnalysis } from './analysis';
import { addEndpointCode, Feature } from './requirements';
import { CallUse } from './role-calls';
import { EndpointCatalog } from '../endpoints/catalog';

/**
 * How messages name a VPC and the fixes for an endpoint it lacks, which differ between a VPC the app
 * owns and one it adopted.
 */
export interface MissingEndpointWording {
  /** "IsolatedVpc 'App/Vpc'" */
  readonly label: string;
  /** "IsolatedVpc 'App/Vpc' (preset FARGATE)" */
  readonly subject: string;
  /** The fixes, after "Add it: " and the like; `preset` is a preset that has the endpoint. */
  fixes(endpoint: ec2.InterfaceVpcEndpointAwsService, kind: 'feature' | 'call', preset?: string): string;
}

/**
 * The wording for an `IsolatedVpc`, which can add any endpoint itself.
 */
export function ownedVpcWording(path: string, presetName: string, spoke = false): MissingEndpointWording {
  const hub = spoke ? ' Or add it to the hub\'s services (SharedEndpoints services), for every spoke.' : '';
  return {
    label: `IsolatedVpc '${path}'`,
    subject: `IsolatedVpc '${path}' (preset ${presetName}${spoke ? ', and the hub\'s shared endpoints' : ''})`,
    fixes: (endpoint, kind, preset) => (kind === 'feature'
      ? `Add it: ${addEndpointCode(endpoint)}${preset ? `, or use endpoints: ${preset}` : ''}, `
        + 'or let the VPC create what its workloads need: endpoints: EndpointPreset.AUTO.'
      : `Add it: ${addEndpointCode(endpoint)}, let the VPC create what its workloads call: endpoints: EndpointPreset.AUTO, `
        + `or, if the code reaches ${endpoint.shortName} another way: vpc.waiveEndpoint('${endpoint.shortName}', 'how it gets there').`) + hub,
  };
}

/**
 * The endpoints the workloads need and the VPC lacks, each with who needs it.
 */
export function missingEndpoints(
  workloads: WorkloadAnalysis[],
  hasEndpoint: (service: ec2.InterfaceVpcEndpointAwsService) => boolean,
  isWaived: (name: string) => boolean,
): Map<string, { endpoint: ec2.InterfaceVpcEndpointAwsService; neededBy: string[] }> {
  const missing = new Map<string, { endpoint: ec2.InterfaceVpcEndpointAwsService; neededBy: string[] }>();
  const add = (endpoint: ec2.InterfaceVpcEndpointAwsService, why: string) => {
    if (hasEndpoint(endpoint) || isWaived(endpoint.shortName)) return;
    const entry = missing.get(endpoint.shortName) ?? { endpoint, neededBy: [] };
    if (!entry.neededBy.includes(why)) entry.neededBy.push(why);
    missing.set(endpoint.shortName, entry);
  };
  for (const workload of workloads) {
    for (const use of workload.uses) for (const endpoint of use.feature.endpoints) add(endpoint, `${use.user} ${use.feature.name}`);
    for (const call of workload.calls) if (call.need.kind === 'interface') add(call.need.endpoint, call.reason);
  }
  return missing;
}

/**
 * What the workloads of an isolated VPC need that it does not give them, plus what in them can
 * never work there; one message per missing endpoint and feature, naming every workload affected,
 * and one per missing endpoint and workload for what the workloads' code calls.
 */
export function workloadMessages(
  vpc: MissingEndpointWording,
  workloads: WorkloadAnalysis[],
  hasEndpoint: (service: ec2.InterfaceVpcEndpointAwsService) => boolean,
  isWaived: (name: string) => boolean,
): string[] {
  const missing = new Map<string, { feature: Feature; endpoint: ec2.InterfaceVpcEndpointAwsService; users: string[] }>();
  const callMessages: string[] = [];
  for (const workload of workloads) {
    const reported = new Set<string>();
    for (const use of workload.uses) {
      for (const endpoint of use.feature.endpoints) {
        if (hasEndpoint(endpoint) || isWaived(endpoint.shortName)) continue;
        reported.add(endpoint.shortName);
        const key = `${endpoint.shortName}|${use.feature.name}`;
        const entry = missing.get(key) ?? { feature: use.feature, endpoint, users: [] };
        if (!entry.users.includes(use.user)) entry.users.push(use.user);
        missing.set(key, entry);
      }
    }
    for (const call of workload.calls) {
      const message = callMessage(vpc, call, hasEndpoint, isWaived, reported);
      if (message) callMessages.push(message);
    }
  }
  const messages = [...missing.values()].map(({ feature, endpoint, users }) =>
    `${users.join('; ')} ${feature.name}, which needs the '${endpoint.shortName}' interface endpoint (${EndpointCatalog.purposeOf(endpoint.shortName)}). `
    + `${vpc.subject} has none, so ${feature.symptom}. ${vpc.fixes(endpoint, 'feature', feature.preset)}`);
  return [...workloads.flatMap((w) => w.problems), ...messages, ...callMessages];
}

function callMessage(
  vpc: MissingEndpointWording,
  call: CallUse,
  hasEndpoint: (service: ec2.InterfaceVpcEndpointAwsService) => boolean,
  isWaived: (name: string) => boolean,
  reported: Set<string>,
): string | undefined {
  const need = call.need;
  if (need.kind === 'interface') {
    const name = need.endpoint.shortName;
    if (hasEndpoint(need.endpoint) || isWaived(name) || reported.has(name)) return undefined;
    return `${upperFirst(call.reason)}, so its code calls ${name}, which needs the '${name}' interface endpoint (${EndpointCatalog.purposeOf(name)}). `
      + `${vpc.subject} has none, so those calls hang until they time out. ${vpc.fixes(need.endpoint, 'call')}`;
  }
  if (need.kind === 'global') {
    if ((need.endpoint && hasEndpoint(need.endpoint)) || isWaived(need.name)) return undefined;
    const regional = need.endpoint
      ? ` AWS offers a '${need.endpoint.shortName}' endpoint in one region only; in that region, ${addEndpointCode(need.endpoint)} adds it.`
      : '';
    return `${upperFirst(call.reason)}, but ${need.name} is a global service with no endpoint in the VPC's region, so code in `
      + `${vpc.label} cannot reach it: the call hangs until it times out.${regional} Make the call from outside the VPC (a Lambda function `
      + `not attached to it), remove the grant, or, if the code never makes it from here: vpc.waiveEndpoint('${need.name}', 'why').`;
  }
  return undefined;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
