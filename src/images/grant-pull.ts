import { Annotations, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { imagePullOf, repositoryArn } from './pulls';
import { stateOf } from '../base/state';
import { ECR_PULL_ACTIONS } from '../endpoints/perimeter';
import { acknowledge } from '../iam/acknowledge';

const GUARDDUTY_POLICY_ID = 'IsolatedEcsGuardDutyAgentPull';

/**
 * Lets the task definition's execution role pull images from `repositoryArns`.
 * `ContainerImage.fromRegistry` names a repository but grants nothing, so without this the pull is denied.
 */
export function grantImagePull(taskDefinition: ecs.TaskDefinition, repositoryArns: string[]): void {
  const key = repositoryArns.join(' ');
  // The pulls granted so far are kept on the task definition, so they go with its app.
  const granted = stateOf(taskDefinition, 'granted-pulls', () => new Set<string>());
  if (granted.has(key)) return;
  const first = granted.size === 0;
  granted.add(key);
  taskDefinition.addToExecutionRolePolicy(new iam.PolicyStatement({ actions: ECR_PULL_ACTIONS, resources: repositoryArns }));
  if (!first) return;
  // The first pull also needs the registry sign-in, which takes no resource.
  taskDefinition.addToExecutionRolePolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
}

/** The default quota of managed policies attached to one IAM role (IAM quotas; adjustable to 20). */
const MANAGED_POLICIES_PER_ROLE = 10;

/**
 * Lets the execution role of a Fargate task definition pull the GuardDuty agent sidecar: the
 * stack's shared managed policy, or the same statements in the role's own policy where the role
 * already has as many managed policies as the default quota allows. Returns a warning for an
 * imported role, which the app cannot change.
 */
export function grantGuardDutyAgentPull(taskDefinition: ecs.TaskDefinition, repositoryArns: string[], who: string): string | undefined {
  const role = taskDefinition.executionRole ?? taskDefinition.obtainExecutionRole();
  if (!(role instanceof iam.Role)) {
    const shown = repositoryArns.length <= 2 ? repositoryArns.map((a) => readableArn(Stack.of(taskDefinition), a)).join(', ')
      : 'the aws-guardduty-agent-fargate repository of the region\'s GuardDuty agent account (GuardDuty User Guide, ecs-runtime-agent-ecr-image-uri)';
    return `${who}: execution role '${role.node.path}' is imported, so the library cannot let it pull the GuardDuty Runtime Monitoring agent, which `
      + 'GuardDuty adds to every Fargate task once the account enables it: the tasks would then stop starting. Give the role '
      + `${ECR_PULL_ACTIONS.join(', ')} on ${shown} and ecr:GetAuthorizationToken on *, or, if GuardDuty Runtime Monitoring never runs here, `
      + 'guardDutyRuntimeMonitoring: false on the IsolatedVpc.';
  }
  const attached: iam.IManagedPolicy[] = (role as any).managedPolicies ?? [];
  const existing = Stack.of(taskDefinition).node.tryFindChild(GUARDDUTY_POLICY_ID);
  if (existing && attached.includes(existing as iam.ManagedPolicy)) return undefined;
  if (attached.length < MANAGED_POLICIES_PER_ROLE) {
    role.addManagedPolicy(guardDutyAgentPullPolicy(taskDefinition, repositoryArns));
    return undefined;
  }
  // Whether the role got the agent pull as statements already, because its managed-policy quota was full.
  const inline = stateOf(role, 'guardduty-inline', () => ({ granted: false }));
  if (inline.granted) return undefined;
  inline.granted = true;
  for (const statement of guardDutyAgentPullStatements(repositoryArns)) role.addToPrincipalPolicy(statement);
  return undefined;
}

function guardDutyAgentPullStatements(repositoryArns: string[]): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ actions: ECR_PULL_ACTIONS, resources: repositoryArns }),
    new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
  ];
}

/**
 * One managed policy per stack that lets execution roles pull the GuardDuty agent sidecar: in an
 * environment-agnostic stack it names the repository of every region's agent account, which would
 * otherwise be repeated in every service's policy.
 */
function guardDutyAgentPullPolicy(scope: IConstruct, repositoryArns: string[]): iam.ManagedPolicy {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(GUARDDUTY_POLICY_ID) as iam.ManagedPolicy | undefined;
  if (existing) return existing;
  const policy = new iam.ManagedPolicy(stack, GUARDDUTY_POLICY_ID, {
    description: 'Lets ECS execution roles pull the GuardDuty Runtime Monitoring agent sidecar (isolated-ecs-constructs)',
    statements: guardDutyAgentPullStatements(repositoryArns),
  });
  acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]', 'ecr:GetAuthorizationToken has no resource to scope to; the pull is scoped to the agent repositories.');
  return policy;
}

// An ARN as a user would write it: the partition token as 'aws', other tokens by name.
function readableArn(stack: Stack, arn: string): string {
  const resolved = stack.resolve(arn);
  if (typeof resolved === 'string') return resolved;
  const parts: unknown[] = resolved?.['Fn::Join']?.[1] ?? [];
  return parts.map((p: any) => typeof p === 'string' ? p : p?.Ref === 'AWS::Partition' ? 'aws' : `<${p?.Ref ?? 'token'}>`).join('');
}

/**
 * Lets the execution role of a task definition that the library owns pull every private ECR image
 * its containers name (`ContainerImage.fromRegistry` grants nothing), and acknowledges aws-cdk-lib's
 * warning that asks for exactly that.
 */
export function grantContainerPulls(taskDefinition: ecs.TaskDefinition, containers: ecs.ContainerDefinition[]): void {
  const account = Stack.of(taskDefinition).account;
  for (const container of containers) {
    const { source, pull } = imagePullOf(container, container.imageName);
    const arns = pull?.repositoryArns ?? (source.kind === 'own' && source.repository ? [repositoryArn(account, source.region, source.repository)] : undefined);
    if (!arns) continue;
    grantImagePull(taskDefinition, arns);
    Annotations.of(container).acknowledgeWarning('@aws-cdk/aws-ecs:ecrImageRequiresPolicy',
      'isolated-ecs-constructs grants the execution role the pull of this repository');
  }
}
