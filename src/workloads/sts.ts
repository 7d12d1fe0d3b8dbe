import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * The setting that makes SDKs released before mid-2022 call the regional STS hostname, which the
 * VPC's sts endpoint serves, instead of the global one (DESIGN.md section 7).
 */
export const STS_REGIONAL = { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' };

/** Whether a container or a Lambda function leaves `AWS_STS_REGIONAL_ENDPOINTS` unset. */
export function stsSettingMissing(workload: ecs.ContainerDefinition | lambda.Function): boolean {
  const stack = Stack.of(workload);
  if (workload instanceof lambda.Function) {
    const environment = stack.resolve((workload.node.defaultChild as lambda.CfnFunction).environment);
    return environment?.variables?.[STS_REGIONAL.name] === undefined;
  }
  const environment: { name: string }[] = stack.resolve(workload.renderContainerDefinition().environment) ?? [];
  return !environment.some((e) => e.name === STS_REGIONAL.name);
}
