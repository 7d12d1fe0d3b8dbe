import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';

/**
 * How the app's own code starts a job's tasks (`ecs:RunTask` from a Lambda function, a CLI,
 * a pipeline), which the library cannot read from the template.
 */
export interface JobOptions {
  /**
   * The security groups the code passes to RunTask. The interface endpoints admit each of them on
   * TCP 443 (groups you create with `allowAllOutbound: false` also get the matching egress rule).
   *
   * @default - the code passes `vpc.endpointClientSecurityGroup`, which reaches the endpoints already
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Whether the code starts the tasks with ECS Exec (`enableExecuteCommand` in RunTask).
   *
   * @default false
   */
  readonly enableExecuteCommand?: boolean;

  /**
   * The cluster the code runs the tasks in. Its Exec settings (a KMS key, session logging) decide
   * which endpoints ECS Exec needs.
   *
   * @default - no cluster settings are known
   */
  readonly cluster?: ecs.ICluster;

  /**
   * What starts the tasks, such as the Lambda function that calls RunTask: named in messages, and
   * made to wait until the endpoints the tasks need exist.
   *
   * @default - messages name the task definition
   */
  readonly startedBy?: IConstruct;
}
