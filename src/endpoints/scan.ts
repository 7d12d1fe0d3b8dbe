import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { endpointKey } from './names';

/**
 * The private-DNS interface endpoints of `vpc` anywhere in the app, however they were created:
 * endpoint key -> paths of the endpoints.
 */
export function scanPrivateDnsEndpoints(vpc: ec2.IVpc): Map<string, string[]> {
  return scanEndpoints(vpc, 'Interface');
}

/**
 * The endpoints of `vpc` of one type anywhere in the app (interface endpoints: those with private
 * DNS only), however they were created: endpoint key -> paths of the endpoints.
 */
export function scanEndpoints(vpc: ec2.IVpc, type: 'Interface' | 'Gateway'): Map<string, string[]> {
  const byService = new Map<string, string[]>();
  for (const c of vpc.node.root.node.findAll()) {
    if (!(c instanceof ec2.CfnVPCEndpoint) || c.vpcId !== vpc.vpcId) continue;
    if ((c.vpcEndpointType ?? 'Gateway') !== type || (type === 'Interface' && c.privateDnsEnabled !== true)) continue;
    const key = endpointKey(c, c.serviceName ?? '');
    byService.set(key, [...(byService.get(key) ?? []), c.node.scope?.node.path ?? c.node.path]);
  }
  return byService;
}

/**
 * Messages for every service with more than one private-DNS interface endpoint in the VPC
 * (CloudFormation rejects the second one; cfn-lint E3064).
 */
export function duplicateEndpointMessages(vpc: ec2.IVpc, scan: Map<string, string[]>): string[] {
  return [...scan.entries()]
    .filter(([, paths]) => paths.length > 1)
    .map(([service, paths]) =>
      `IsolatedVpc '${vpc.node.path}': ${paths.length} interface endpoints with private DNS for service ${readableServiceName(service)}: `
      + `${paths.map((p) => `'${p}'`).join(', ')}. A VPC can have only one, and CloudFormation would fail the deployment. `
      + 'Keep one (vpc.addEndpoint(service) returns the existing endpoint), or set privateDnsEnabled: false on the others.');
}

// {"Fn::Join":["",["com.amazonaws.",{"Ref":"AWS::Region"},".ecr.api"]]} -> 'ecr.api'
function readableServiceName(resolvedJson: string): string {
  const literal = /"\.([a-z0-9.-]+)"\]\]\}$/.exec(resolvedJson);
  return literal ? `'${literal[1]}'` : resolvedJson;
}
