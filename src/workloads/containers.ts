import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';

/**
 * Every container of a task definition, however it was created: `taskDefinition.addContainer()`,
 * or `new ecs.ContainerDefinition(scope, id, { taskDefinition })` anywhere in the tree. aws-cdk-lib
 * links both kinds to the task definition (its protected `containers`); the tree walk is the
 * fallback should that ever change.
 */
export function containersOf(taskDefinition: ecs.TaskDefinition): ecs.ContainerDefinition[] {
  const linked: unknown = (taskDefinition as any).containers;
  if (Array.isArray(linked)) return linked.filter((c): c is ecs.ContainerDefinition => c instanceof ecs.ContainerDefinition);
  return taskDefinition.node.root.node.findAll()
    .filter((c: IConstruct): c is ecs.ContainerDefinition => c instanceof ecs.ContainerDefinition && c.taskDefinition === taskDefinition);
}

// What a container definition's override may change that decides what the tasks need.
const DECISIVE = ['Image', 'Secrets', 'LogConfiguration', 'RepositoryCredentials', 'FirelensConfiguration'];

/**
 * The containers the task definition renders that the analysed `ContainerDefinition`s do not
 * describe: added or changed by a property override (`ContainerDefinitions` or
 * `ContainerDefinitions.N`), so nothing can say what they need. Reads the overrides only: the
 * rendered list is a cached token that must not be resolved before synth.
 */
export function containersNotUnderstood(taskDefinition: ecs.TaskDefinition, analysed: ecs.ContainerDefinition[]): string[] {
  const cfn = taskDefinition.node.defaultChild as ecs.CfnTaskDefinition | undefined;
  const overridden = (cfn as any)?.rawOverrides?.Properties?.ContainerDefinitions;
  if (!overridden || typeof overridden !== 'object') return [];
  const stack = Stack.of(taskDefinition);
  const whole = Array.isArray(overridden);
  const entries: Array<[number, any]> = whole
    ? overridden.map((d: unknown, i: number) => [i, stack.resolve(d)])
    : Object.entries(overridden).filter(([i]) => /^\d+$/.test(i)).map(([i, d]) => [Number(i), stack.resolve(d)]);
  const names: string[] = [];
  for (const [i, definition] of entries) {
    const decisive = DECISIVE.some((field) => definition?.[field] !== undefined);
    if (!whole && analysed[i] && !decisive) continue;
    names.push(String(definition?.Name ?? analysed[i]?.containerName ?? `#${i + 1}`));
  }
  return names;
}
