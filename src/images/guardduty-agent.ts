import { Annotations, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { awsOwnedRepositoryArns, GUARDDUTY_AGENT } from './aws-owned';
import { Subject } from '../base/errors';

/**
 * The repositories of the GuardDuty Runtime Monitoring agent a VPC's perimeter lets through, or
 * undefined when the user turned it off or AWS publishes no agent in the region (a warning then,
 * or an error if the user asked for it).
 *
 * @param where the VPC, as messages name it, such as `IsolatedVpc 'App/Vpc'`
 */
export function guardDutyAgentRepositories(scope: IConstruct, where: Subject, wanted: boolean | undefined): string[] | undefined {
  if (wanted === false) return undefined;
  const arns = awsOwnedRepositoryArns(scope, GUARDDUTY_AGENT);
  if (arns) return arns;
  const region = Stack.of(scope).region;
  const why = `AWS publishes no GuardDuty agent repository for Fargate in ${region} (${GUARDDUTY_AGENT.source})`;
  if (wanted) {
    throw where.error(`guardDutyRuntimeMonitoring is true, but ${why}. Remove guardDutyRuntimeMonitoring, or deploy to a region that has the agent.`);
  }
  Annotations.of(scope).addWarningV2('isolated-ecs-constructs:guardduty-region',
    `${where}: ${why}, so the ECR endpoints do not admit the agent sidecar. If GuardDuty Runtime Monitoring is enabled `
    + 'here later, set guardDutyRuntimeMonitoring: true once the agent is published for the region.');
  return undefined;
}
