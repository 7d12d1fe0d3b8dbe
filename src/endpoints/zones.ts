import { Annotations, ContextProvider, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as cxschema from 'aws-cdk-lib/cloud-assembly-schema';
import { Construct } from 'constructs';
import { Subject } from '../base/errors';

/**
 * Checks that the endpoint service is offered in the VPC's zones, with the same lookup aws-cdk-lib
 * makes for `lookupSupportedAzs` (same key, so one cached answer), first, so the message names the
 * endpoint, the zones and the fix: an error when it is offered in none, a warning when in some.
 */
export function checkServiceZones(vpc: Construct & { readonly availabilityZones: string[] }, service: ec2.InterfaceVpcEndpointAwsService): void {
  const serviceName = Stack.of(vpc).resolve(service.name);
  const offered: string[] = ContextProvider.getValue(vpc, {
    provider: cxschema.ContextProvider.ENDPOINT_SERVICE_AVAILABILITY_ZONE_PROVIDER,
    props: { serviceName },
    dummyValue: vpc.availabilityZones,
  }).value;
  const missing = vpc.availabilityZones.filter((az) => !offered.includes(az));
  if (missing.length === vpc.availabilityZones.length) {
    throw Subject.of(vpc, 'IsolatedVpc').error(`the ${service.shortName} endpoint service is offered in ${offered.join(', ') || 'no zone'} only, `
      + `none of the VPC's zones (${vpc.availabilityZones.join(', ')}). Give availabilityZones from ${offered.join(', ')}.`);
  }
  if (missing.length > 0) {
    Annotations.of(vpc).addWarningV2(`isolated-ecs-constructs:endpoint-zones-${service.shortName}`,
      `IsolatedVpc '${vpc.node.path}': the ${service.shortName} endpoint service is not offered in ${missing.join(', ')}, so its endpoint is placed in `
      + `${vpc.availabilityZones.filter((az) => offered.includes(az)).join(', ')} only. Workloads in ${missing.join(', ')} reach it in another zone: `
      + 'cross-zone data charges, and no endpoint if that zone fails. To keep every zone whole, give availabilityZones where the service is offered.');
  }
}
