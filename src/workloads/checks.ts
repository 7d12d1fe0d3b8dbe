import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { WorkloadAnalysis } from './analysis';
import { addEndpointCode, Feature } from './requirements';
import { CallUse } from './role-calls';
import { EndpointCatalog } from '../endpoints/catalog';

type Vpc = ec2.IVpc & { readonly endpointPreset: { readonly name: string } };

/**
 * What the workloads of an isolated VPC need that it does not give them, plus what in them can
 * never work there; one message per missing endpoint and feature, naming every workload affected,
 * and one per missing endpoint and workload for what the workloads' code calls.
 */
export function workloadMessages(
  vpc: Vpc,
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
    + `IsolatedVpc '${vpc.node.path}' (preset ${vpc.endpointPreset.name}) has none, so ${feature.symptom}. `
    + `Add it: ${addEndpointCode(endpoint)}${feature.preset ? `, or use endpoints: ${feature.preset}` : ''}, `
    + 'or let the VPC create what its workloads need: endpoints: EndpointPreset.AUTO.');
  return [...workloads.flatMap((w) => w.problems), ...messages, ...callMessages];
}

function callMessage(
  vpc: Vpc,
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
      + `IsolatedVpc '${vpc.node.path}' (preset ${vpc.endpointPreset.name}) has none, so those calls hang until they time out. `
      + `Add it: ${addEndpointCode(need.endpoint)}, let the VPC create what its workloads call: endpoints: EndpointPreset.AUTO, `
      + `or, if the code reaches ${name} another way: vpc.waiveEndpoint('${name}', 'how it gets there').`;
  }
  if (need.kind === 'global') {
    if ((need.endpoint && hasEndpoint(need.endpoint)) || isWaived(need.name)) return undefined;
    const regional = need.endpoint
      ? ` AWS offers a '${need.endpoint.shortName}' endpoint in one region only; in that region, ${addEndpointCode(need.endpoint)} adds it.`
      : '';
    return `${upperFirst(call.reason)}, but ${need.name} is a global service with no endpoint in the VPC's region, so code in IsolatedVpc `
      + `'${vpc.node.path}' cannot reach it: the call hangs until it times out.${regional} Make the call from outside the VPC (a Lambda function `
      + `not attached to it), remove the grant, or, if the code never makes it from here: vpc.waiveEndpoint('${need.name}', 'why').`;
  }
  return undefined;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
