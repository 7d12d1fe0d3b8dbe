import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { TaskIndex } from './task-index';
import { TaskLaunch } from './task-launch';
import { cdkKindOf } from '../base/cdk-kind';

/**
 * How a job's tasks get the VPC's endpoint client group.
 */
export type JobNetwork =
  /** A property of a rule or schedule target lists the group IDs: the library appends its own. */
  | { readonly kind: 'override'; readonly resource: CfnResource; readonly path: string; readonly groups: unknown[] }
  /** Groups the library cannot add to (a state machine's rendered definition, code that calls RunTask): they are admitted instead. */
  | { readonly kind: 'admit'; readonly groups: ec2.ISecurityGroup[] }
  /** Not awsvpc: the tasks use the container instance's network interface. */
  | { readonly kind: 'host' };

/**
 * A task definition that something other than a service starts.
 */
export interface Job extends TaskLaunch {
  readonly cluster?: ecs.ICluster;
  /** The subnet IDs the tasks are placed in, resolved in `stack`; empty when not known. */
  readonly subnets: unknown[];
  readonly stack: Stack;
  /** What must not exist before the endpoints the tasks need: the rule, the schedule, the state machine. */
  readonly dependents: IConstruct[];
  readonly network: JobNetwork;
}

/**
 * A job target whose task definition is not one of the app's, so nothing can say what its tasks need.
 */
export interface UnknownJob {
  readonly who: string;
  readonly scope: IConstruct;
  readonly taskDefinitionArn: unknown;
  readonly subnets: unknown[];
}

/** Whether `node` may start ECS tasks as a job. */
export function mayStartJobs(node: IConstruct): boolean {
  if (CfnResource.isCfnResource(node)) return node.cfnResourceType === 'AWS::Events::Rule' || node.cfnResourceType === 'AWS::Scheduler::Schedule';
  return cdkKindOf(node) === 'stepfunctions_tasks.EcsRunTask';
}

/**
 * The jobs that `node` starts: ECS targets of an EventBridge rule or an EventBridge Scheduler
 * schedule (however written: `ecs_patterns.ScheduledFargateTask`, `events_targets.EcsTask`,
 * `scheduler_targets.EcsRunFargateTask`, L1s), or a Step Functions `EcsRunTask` state.
 */
export function jobsOf(node: IConstruct, tasks: () => TaskIndex): Array<Job | UnknownJob> {
  if (!CfnResource.isCfnResource(node)) return [stepFunctionsJob(node)];
  const stack = Stack.of(node);
  // Named as the user wrote it: the ecs_patterns construct, the events.Rule or scheduler.Schedule, or the L1 itself.
  const owner = node.node.scope;
  const l2 = owner && ['events.Rule', 'scheduler.Schedule'].includes(cdkKindOf(owner) ?? '') ? owner : undefined;
  const pattern = l2 && cdkKindOf(l2.node.scope)?.startsWith('ecs_patterns.') ? l2.node.scope : undefined;
  const named = pattern ?? l2 ?? node;
  const kind = cdkKindOf(named) ?? node.cfnResourceType;

  if (node.cfnResourceType === 'AWS::Scheduler::Schedule') {
    const target = ecsTarget(stack, (node as any).target);
    if (!target) return [];
    return [targetJob(node, stack, tasks, `${kind} '${named.node.path}'`, target, 'Target.EcsParameters.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups',
      target.ecsParameters.networkConfiguration?.awsvpcConfiguration)];
  }
  const targets = ruleTargets(node);
  return targets.flatMap((raw, i) => {
    const target = ecsTarget(stack, raw);
    return target ? [targetJob(node, stack, tasks, `${kind} '${named.node.path}'${targets.length > 1 ? ` (target ${target.id ?? i})` : ''}`, target,
      `Targets.${i}.EcsParameters.NetworkConfiguration.AwsVpcConfiguration.SecurityGroups`, target.ecsParameters.networkConfiguration?.awsVpcConfiguration)] : [];
  });
}

// The targets as given, without resolving a cached token before synth (targets added later would
// be lost): an L1's array, or the state box that events.Rule keeps them in.
function ruleTargets(cfn: CfnResource): unknown[] {
  for (const candidate of [(cfn as any).targets, (cfn.node.scope as any)?.targets]) {
    const value = Array.isArray(candidate) ? candidate : typeof candidate?.get === 'function' ? candidate.get() : undefined;
    if (Array.isArray(value)) return value;
  }
  return [];
}

// Only the parts of a target that say which tasks run where, resolved; undefined for a target that is not ECS.
function ecsTarget(stack: Stack, target: any): any {
  if (!target || Token.isUnresolved(target) || !target.ecsParameters) return undefined;
  return { id: target.id, arn: stack.resolve(target.arn), ecsParameters: stack.resolve(target.ecsParameters) };
}

function targetJob(
  resource: CfnResource, stack: Stack, tasks: () => TaskIndex, who: string, target: any, path: string, awsvpc: any,
): Job | UnknownJob {
  const parameters = target.ecsParameters;
  const subnets: unknown[] = Array.isArray(awsvpc?.subnets) ? awsvpc.subnets : [];
  const taskDefinition = tasks().taskDefinition(stack, parameters.taskDefinitionArn);
  if (!taskDefinition) return { who, scope: resource, taskDefinitionArn: parameters.taskDefinitionArn, subnets };
  const cluster = tasks().cluster(stack, target.arn);
  const fargate = parameters.launchType === 'FARGATE'
    || (parameters.launchType === undefined && taskDefinition.isFargateCompatible && !taskDefinition.isEc2Compatible);
  return {
    who,
    taskDefinition,
    cluster,
    exec: parameters.enableExecuteCommand === true,
    execConfig: cluster?.executeCommandConfiguration,
    assignPublicIp: awsvpc?.assignPublicIp === 'ENABLED',
    fargate,
    subnets,
    stack,
    dependents: [resource],
    network: awsvpc ? { kind: 'override', resource, path, groups: Array.isArray(awsvpc.securityGroups) ? awsvpc.securityGroups : [] } : { kind: 'host' },
  };
}

// aws-cdk-lib renders a state machine's definition when the state machine is built, so the
// groups of an EcsRunTask state cannot change afterwards: they are admitted by the endpoints instead.
function stepFunctionsJob(task: IConstruct): Job {
  const props = (task as any).props ?? {};
  const taskDefinition: ecs.TaskDefinition = props.taskDefinition;
  const cluster: ecs.ICluster | undefined = props.cluster;
  const stack = Stack.of(task);
  const awsvpc = (task as any).networkConfiguration?.AwsvpcConfiguration;
  const family = stack.resolve(taskDefinition.family);
  const machines = stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c)
    && c.cfnResourceType === 'AWS::StepFunctions::StateMachine'
    && JSON.stringify(stack.resolve((c as any).cfnProperties?.definitionString)).includes(JSON.stringify(family).slice(1, -1)));
  const groups: ec2.ISecurityGroup[] = (task as any).securityGroups ?? [];
  return {
    who: `stepfunctions_tasks.EcsRunTask '${task.node.path}'`,
    taskDefinition,
    cluster,
    exec: props.enableExecuteCommand === true,
    execConfig: cluster?.executeCommandConfiguration,
    assignPublicIp: props.assignPublicIp === true,
    fargate: cdkKindOf(props.launchTarget as any) === 'stepfunctions_tasks.EcsFargateLaunchTarget',
    subnets: Array.isArray(awsvpc?.Subnets) ? awsvpc.Subnets.map((s: string) => stack.resolve(s)) : [],
    stack,
    dependents: machines,
    network: awsvpc ? { kind: 'admit', groups } : { kind: 'host' },
  };
}
