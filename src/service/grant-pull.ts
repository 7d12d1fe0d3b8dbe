import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { acknowledge } from './acknowledge';
import { ECR_PULL_ACTIONS } from '../endpoints/perimeter';

const signedIn = new WeakSet<ecs.TaskDefinition>();

/**
 * Lets the task definition's execution role pull images from `repositoryArns`.
 * `ContainerImage.fromRegistry` names a repository but grants nothing, so without this the pull is denied.
 */
export function grantImagePull(taskDefinition: ecs.TaskDefinition, repositoryArns: string[]): void {
  taskDefinition.addToExecutionRolePolicy(new iam.PolicyStatement({ actions: ECR_PULL_ACTIONS, resources: repositoryArns }));
  if (signedIn.has(taskDefinition)) return;
  signedIn.add(taskDefinition);
  taskDefinition.addToExecutionRolePolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
}

/**
 * One managed policy per stack that lets execution roles pull the GuardDuty agent sidecar: in an
 * environment-agnostic stack it names the repository of every region's agent account, which would
 * otherwise be repeated in every service's policy.
 */
export function guardDutyAgentPullPolicy(scope: IConstruct, repositoryArns: string[]): iam.ManagedPolicy {
  const stack = Stack.of(scope);
  const id = 'IsolatedEcsGuardDutyAgentPull';
  const existing = stack.node.tryFindChild(id) as iam.ManagedPolicy | undefined;
  if (existing) return existing;
  const policy = new iam.ManagedPolicy(stack, id, {
    description: 'Lets ECS execution roles pull the GuardDuty Runtime Monitoring agent sidecar (isolated-ecs-constructs)',
    statements: [
      new iam.PolicyStatement({ actions: ECR_PULL_ACTIONS, resources: repositoryArns }),
      new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
    ],
  });
  acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]', 'ecr:GetAuthorizationToken has no resource to scope to; the pull is scoped to the agent repositories.');
  return policy;
}
