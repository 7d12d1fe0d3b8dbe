import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { MissingEndpointWording } from '../workloads/checks';

/**
 * How messages name an adopted VPC, and the fixes for an endpoint it lacks: ask the network's
 * owner, or let the stack create it where it may.
 *
 * @param vpcLabel the VPC as its owner knows it, such as `vpc-0abc`
 * @param creationRefusal why the stack cannot create endpoints in the VPC, if it cannot
 */
export function adoptedVpcWording(path: string, vpcLabel: string, region: string, creationRefusal: string | undefined): MissingEndpointWording {
  const ask = (endpoint: ec2.InterfaceVpcEndpointAwsService) =>
    `Ask the network's owner for an interface endpoint for com.amazonaws.${region}.${endpoint.shortName} with private DNS on, in the task subnets `
    + '(vpc.networkRequest() lists it with everything else to ask for)';
  const create = creationRefusal
    ? `; this stack cannot create it: ${creationRefusal.split(':')[0]}`
    : ', or let this stack create it: createMissingEndpoints: true (service control policies often deny ec2:CreateVpcEndpoint to application accounts)';
  return {
    label: `ExistingIsolatedVpc '${path}'`,
    subject: `ExistingIsolatedVpc '${path}' (${vpcLabel}, owned outside this app)`,
    fixes: (endpoint, kind) => `${ask(endpoint)}${create}`
      + (kind === 'call' ? `. If the code reaches ${endpoint.shortName} another way: vpc.waiveEndpoint('${endpoint.shortName}', 'how it gets there').` : '.'),
  };
}
