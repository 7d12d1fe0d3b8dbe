import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * The setting that makes SDKs released before mid-2022 call the regional STS hostname, which the
 * VPC's sts endpoint serves, instead of the global one (DESIGN.md section 7).
 */
export const STS_REGIONAL = { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' };

/** Whether the container does not set `AWS_STS_REGIONAL_ENDPOINTS` at all. */
export function stsSettingMissing(container: ecs.ContainerDefinition): boolean {
  const environment: { name: string }[] = Stack.of(container).resolve(container.renderContainerDefinition().environment) ?? [];
  return !environment.some((e) => e.name === STS_REGIONAL.name);
}
