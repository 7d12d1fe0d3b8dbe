import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { checkDeclaration, waiverProblem } from './declarations';
import { Subject } from '../base/errors';
import { DeclaredJobs } from '../jobs/declared';
import { JobOptions } from '../jobs/job-options';

/**
 * Calls a workload makes that its policies do not show, declared by the user.
 */
export interface CallDeclaration {
  readonly workload: IConstruct;
  readonly actions: string[];
  readonly reason: string;
}

/**
 * What the user told a VPC that the template does not show: calls its workloads make, jobs its
 * code starts, and endpoints reached some other way. Shared by every kind of isolated VPC, so
 * `declareCalls`, `addJob` and `waiveEndpoint` check and mean the same everywhere.
 */
export class HostDeclarations {
  public readonly calls: CallDeclaration[] = [];
  public readonly jobs: DeclaredJobs;
  public readonly waivers = new Map<string, string>();

  /**
   * @param subject the VPC, as messages name it, such as `IsolatedVpc 'App/Vpc'`
   */
  constructor(private readonly subject: Subject, vpc: ec2.IVpc) {
    this.jobs = new DeclaredJobs(subject, vpc);
  }

  public declareCalls(workload: IConstruct, actions: string[], reason: string): void {
    const subject = this.subject.with(`: declareCalls for '${workload.node.path}'`);
    const { problem, warnings } = checkDeclaration(actions, reason);
    if (problem) subject.fail(problem);
    for (const warning of warnings) Annotations.of(this.subject.scope!).addWarningV2('isolated-ecs-constructs:declared-action', `${subject}: ${warning}`);
    this.calls.push({ workload, actions: [...actions], reason });
  }

  public addJob(taskDefinition: ecs.TaskDefinition, options: JobOptions): void {
    this.jobs.add(taskDefinition, options);
  }

  public waiveEndpoint(endpoint: string, reason: string): void {
    const problem = waiverProblem(endpoint, reason);
    if (problem) this.subject.with(`: waiveEndpoint('${endpoint}')`).fail(problem);
    this.waivers.set(endpoint, reason);
  }

  public isWaived(name: string): boolean {
    return this.waivers.has(name);
  }
}
