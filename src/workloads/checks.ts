import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { WorkloadAnalysis } from './analysis';
import { addEndpointCode, Feature } from './requirements';
import { EndpointCatalog } from '../endpoints/catalog';

/**
 * What the workloads of an isolated VPC need that it does not give them, plus what in them can
 * never work there; one message per missing endpoint and feature, naming every workload affected.
 */
export function workloadMessages(
  vpc: ec2.IVpc & { readonly endpointPreset: { readonly name: string } },
  workloads: WorkloadAnalysis[],
  hasEndpoint: (service: ec2.InterfaceVpcEndpointAwsService) => boolean,
): string[] {
  const missing = new Map<string, { feature: Feature; endpoint: ec2.InterfaceVpcEndpointAwsService; users: string[] }>();
  for (const workload of workloads) {
    for (const use of workload.uses) {
      for (const endpoint of use.feature.endpoints) {
        if (hasEndpoint(endpoint)) continue;
        const key = `${endpoint.shortName}|${use.feature.name}`;
        const entry = missing.get(key) ?? { feature: use.feature, endpoint, users: [] };
        if (!entry.users.includes(use.user)) entry.users.push(use.user);
        missing.set(key, entry);
      }
    }
  }
  const messages = [...missing.values()].map(({ feature, endpoint, users }) =>
    `${users.join('; ')} ${feature.name}, which needs the '${endpoint.shortName}' interface endpoint (${EndpointCatalog.purposeOf(endpoint.shortName)}). `
    + `IsolatedVpc '${vpc.node.path}' (preset ${vpc.endpointPreset.name}) has none, so ${feature.symptom}. `
    + `Add it: ${addEndpointCode(endpoint)}${feature.preset ? `, or use endpoints: ${feature.preset}` : ''}, `
    + 'or let the VPC create what its workloads need: endpoints: EndpointPreset.AUTO.');
  return [...workloads.flatMap((w) => w.problems), ...messages];
}
