import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { stateOf } from '../base/state';

/**
 * A key that is the same for every object naming the same endpoint service: service names
 * carry region and partition tokens, so they are compared in their resolved form.
 */
export function endpointKey(scope: IConstruct, serviceName: string): string {
  const stack = Stack.of(scope);
  // A service name resolves to the stack's region, literal in a stack with an environment and a
  // pseudo parameter in one without, so it is resolved once per stack (a few ms per synth at N = 50).
  const keys = stateOf(stack, 'endpoint-keys', () => new Map<string, string>());
  let key = keys.get(serviceName);
  if (key === undefined) {
    key = JSON.stringify(stack.resolve(serviceName));
    keys.set(serviceName, key);
  }
  return key;
}

/**
 * The short name in an endpoint key: `"com.amazonaws.eu-west-1.sqs"` or the same joined with the
 * region pseudo parameter -> `sqs`.
 */
export function shortNameOfKey(key: string): string | undefined {
  return /"\.([a-z0-9.-]+)"\]\]\}$/.exec(key)?.[1] ?? /^"com\.amazonaws\.[a-z0-9-]+\.([a-z0-9.-]+)"$/.exec(key)?.[1];
}

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
