import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';

/**
 * The app's task definitions and clusters by how a template refers to them (the resolved ARN in
 * the stack that refers), so that a rule, a schedule or a state machine written with L1s or L2s
 * leads back to the constructs it starts. Made once per synth, when the first job is found.
 */
export class TaskIndex {
  private readonly taskDefinitions = new Map<string, ecs.TaskDefinition>();
  private readonly clusters = new Map<string, ecs.Cluster>();

  constructor(root: IConstruct) {
    for (const c of root.node.findAll()) {
      if (c instanceof ecs.TaskDefinition) {
        this.taskDefinitions.set(key(Stack.of(c), c.taskDefinitionArn), c);
      } else if (c instanceof ecs.Cluster) {
        this.clusters.set(key(Stack.of(c), c.clusterArn), c);
      }
    }
  }

  /** The task definition that `arn` (resolved in `stack`) refers to, if it is one of the app's. */
  public taskDefinition(stack: Stack, arn: unknown): ecs.TaskDefinition | undefined {
    return this.taskDefinitions.get(`${stack.node.path}|${JSON.stringify(arn)}`);
  }

  /** The cluster that `arn` (resolved in `stack`) refers to, if it is one of the app's. */
  public cluster(stack: Stack, arn: unknown): ecs.Cluster | undefined {
    return this.clusters.get(`${stack.node.path}|${JSON.stringify(arn)}`);
  }
}

function key(stack: Stack, arn: string): string {
  return `${stack.node.path}|${JSON.stringify(stack.resolve(arn))}`;
}
