import { WorkloadAnalysis } from './analysis';
import { EndpointExplanation } from '../endpoints/explanation';
import { needName } from '../iam/needs';

/**
 * What an `IsolatedVpc` knows of its endpoints, for `explainEndpoints()`.
 */
export interface EndpointFacts {
  readonly presetName: string;
  readonly presetServices: string[];
  readonly interfaceEndpoints: string[];
  readonly gatewayEndpoints: string[];
  readonly waivers: Map<string, string>;
  readonly workloads: WorkloadAnalysis[];
  /** Where endpoints the app did not add come from, by short name, such as 'declared: in the VPC already'. */
  readonly origins?: Map<string, string>;
}

/**
 * Why each endpoint is there, or why one that the workloads point to is not: present endpoints
 * first (interface in the order added, then gateways), then the others by name.
 */
export function explainEndpoints(facts: EndpointFacts): EndpointExplanation[] {
  const reasons = new Map<string, string[]>();
  const add = (name: string, reason: string) => {
    const list = reasons.get(name) ?? [];
    if (!list.includes(reason)) list.push(reason);
    reasons.set(name, list);
  };
  for (const name of facts.presetServices) add(name, `in preset ${facts.presetName}`);
  add('s3', 'always: ECR keeps image layers in S3');
  for (const workload of facts.workloads) {
    for (const use of workload.uses) for (const e of use.feature.endpoints) add(e.shortName, `${use.user} ${use.feature.name}`);
    for (const call of workload.calls) {
      const name = needName(call.need);
      if (name) add(name, call.reason);
    }
    for (const reason of workload.serverSideKms) add('kms', reason);
  }
  for (const [name, reason] of facts.waivers) add(name, `waived: ${reason}`);

  const present = [...facts.interfaceEndpoints, ...facts.gatewayEndpoints];
  for (const [name, origin] of facts.origins ?? []) add(name, origin);
  for (const name of facts.interfaceEndpoints) if (!reasons.has(name)) add(name, 'added by the app (vpc.addEndpoint)');
  const absent = [...reasons.keys()].filter((n) => !present.includes(n)).sort();
  return [...present, ...absent].map((endpoint) => ({ endpoint, present: present.includes(endpoint), reasons: reasons.get(endpoint) ?? [] }));
}
