import { ContextProvider, GetContextValueOptions } from 'aws-cdk-lib';
import * as cxschema from 'aws-cdk-lib/cloud-assembly-schema';
import { IConstruct } from 'constructs';

const TYPE = 'AWS::EC2::VPCEndpoint';

/**
 * An endpoint found in the VPC by the lookup.
 */
export interface FoundEndpoint {
  readonly id: string;
  readonly serviceName: string;
  readonly type: string;
  readonly privateDnsEnabled: boolean;
  readonly securityGroupIds: string[];
}

/**
 * The endpoints of a VPC, or `pending` while a lookup has no cached answer yet.
 */
export interface EndpointLookup {
  readonly pending: boolean;
  readonly endpoints: FoundEndpoint[];
}

/**
 * Finds the endpoints of `vpcId` through the CLI's Cloud Control context provider, cached in
 * `cdk.context.json`. ListResources may return identifiers only, and the provider throws on a
 * property a resource lacks (gateway endpoints have no security groups), so it takes three rounds:
 * the identifiers of the region's endpoints, then each one's VPC, service and type, then the
 * private DNS and groups of the interface endpoints in this VPC. A round without a cached answer
 * makes the lookup pending: the CLI resolves it and synthesizes again. The CLI makes the calls with
 * the stack synthesizer's lookup role, whatever a query names.
 */
export function lookupEndpoints(scope: IConstruct, vpcId: string): EndpointLookup {
  const listed = query(scope, { typeName: TYPE, propertyMatch: {}, propertiesToReturn: [] });
  if (listed.pending) return { pending: true, endpoints: [] };

  let pending = false;
  const endpoints: FoundEndpoint[] = [];
  for (const { Identifier: id } of listed.value) {
    const basics = query(scope, { typeName: TYPE, exactIdentifier: id, propertiesToReturn: ['VpcId', 'ServiceName', 'VpcEndpointType'] });
    if (basics.pending) {
      pending = true;
      continue;
    }
    const [found] = basics.value;
    if (!found || found.VpcId !== vpcId) continue;
    if (found.VpcEndpointType !== 'Interface') {
      endpoints.push({ id, serviceName: found.ServiceName, type: found.VpcEndpointType, privateDnsEnabled: false, securityGroupIds: [] });
      continue;
    }
    const network = query(scope, { typeName: TYPE, exactIdentifier: id, propertiesToReturn: ['PrivateDnsEnabled', 'SecurityGroupIds'] });
    if (network.pending) {
      pending = true;
      continue;
    }
    const [details] = network.value;
    endpoints.push({
      id,
      serviceName: found.ServiceName,
      type: 'Interface',
      privateDnsEnabled: details?.PrivateDnsEnabled === true || details?.PrivateDnsEnabled === 'true',
      securityGroupIds: Array.isArray(details?.SecurityGroupIds) ? details.SecurityGroupIds : [],
    });
  }
  return { pending, endpoints: pending ? [] : endpoints };
}

// A query whose answer is not in the context yet returns the dummy; it is reported as pending so
// that the dummy never passes for a real answer.
function query(scope: IConstruct, props: Record<string, unknown>): { pending: boolean; value: any[] } {
  const options: GetContextValueOptions = { provider: cxschema.ContextProvider.CC_API_PROVIDER, props, dummyValue: [] };
  const { key } = ContextProvider.getKey(scope as any, options);
  const pending = scope.node.tryGetContext(key) === undefined;
  const value = ContextProvider.getValue(scope as any, options).value;
  return { pending, value: pending || !Array.isArray(value) ? [] : value };
}
