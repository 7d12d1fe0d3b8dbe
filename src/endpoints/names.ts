import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

/**
 * A key that is the same for every object naming the same endpoint service: service names
 * carry region and partition tokens, so they are compared in their resolved form.
 */
export function endpointKey(scope: IConstruct, serviceName: string): string {
  let key = keys.get(serviceName);
  if (key === undefined) {
    key = JSON.stringify(Stack.of(scope).resolve(serviceName));
    keys.set(serviceName, key);
  }
  return key;
}

// A service name's tokens stand for the region and partition pseudo parameters, which resolve
// alike in every stack, so a name resolves once per process (measured: a few ms per synth at N = 50).
const keys = new Map<string, string>();

/**
 * The short name users know a service by (`ecr.api`), or its full name outside the AWS catalog.
 */
export function shortNameOf(service: ec2.IInterfaceVpcEndpointService): string {
  return service instanceof ec2.InterfaceVpcEndpointAwsService ? service.shortName : service.name;
}

/**
 * `ecr.api` -> `EcrApiEndpoint`: stable construct ids, so logical ids do not depend on the order endpoints are added.
 */
export function endpointConstructId(service: ec2.InterfaceVpcEndpointAwsService): string {
  const words = service.shortName.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  return `${words.map((w) => w[0].toUpperCase() + w.slice(1)).join('')}Endpoint`;
}
