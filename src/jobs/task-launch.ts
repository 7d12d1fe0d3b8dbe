import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * A task definition as something starts it: a service, or a job (a rule, a schedule, a state
 * machine, code that calls RunTask). What the tasks need depends on both.
 */
export interface TaskLaunch {
  /** How messages name what starts the tasks: "ecs.FargateService 'Stack/Svc'". */
  readonly who: string;
  readonly taskDefinition: ecs.TaskDefinition;
  /** Whether the tasks start with ECS Exec enabled. */
  readonly exec: boolean;
  /** The Exec settings of the cluster the tasks run in, when it is known. */
  readonly execConfig?: ecs.ExecuteCommandConfiguration;
  readonly assignPublicIp: boolean;
  readonly fargate: boolean;
}
