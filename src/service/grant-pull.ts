import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
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
