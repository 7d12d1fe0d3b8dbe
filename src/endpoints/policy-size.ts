import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** The most characters a VPC endpoint policy may hold (PrivateLink quotas; it cannot be raised). */
export const ENDPOINT_POLICY_QUOTA = 20_480;

/**
 * Endpoints whose policy is over the quota, which CloudFormation would fail after minutes. The size
 * is that of the synthesized JSON, where an intrinsic is as long as or longer than what it resolves to.
 *
 * @param where how the message names the VPC, such as `IsolatedVpc 'App/Vpc'`
 * @param otherAccountResources how many resources of other accounts the exceptions of an endpoint name
 */
export function policySizeProblems(
  where: string,
  endpoints: Array<{ name: string; endpoint: ec2.IVpcEndpoint }>,
  otherAccountResources: (name: string) => number,
): string[] {
  const problems: string[] = [];
  for (const { name, endpoint } of endpoints) {
    const document = (endpoint as any).policyDocument;
    if (!document) continue;
    const size = JSON.stringify(Stack.of(endpoint).resolve(document)).length;
    if (size <= ENDPOINT_POLICY_QUOTA) continue;
    const others = otherAccountResources(name);
    problems.push(`${where}: the policy of its '${name}' endpoint has ${size} characters, more than the ${ENDPOINT_POLICY_QUOTA} `
      + 'an endpoint policy may hold (a PrivateLink quota that cannot be raised), so CloudFormation would fail the deployment'
      + `${others > 0 ? `; ${others} of its resources are other accounts' resources the workloads are granted` : ''}. `
      + 'Trust the accounts whose resources the workloads use instead of naming each resource: endpointPolicy: EndpointPolicy.accounts([...]) '
      + 'or EndpointPolicy.organization(\'<o-id>\'), or grant on fewer, broader resources (a prefix with a wildcard within one account).');
  }
  return problems;
}
