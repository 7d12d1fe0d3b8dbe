import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { checkDeclaration, waiverProblem } from './declarations';
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
   * @param where how messages name the VPC, such as `IsolatedVpc 'App/Vpc'`
   * @param warn records a warning on the VPC
   */
  constructor(private readonly where: string, private readonly warn: (id: string, message: string) => void) {
    this.jobs = new DeclaredJobs(where);
  }

  public declareCalls(workload: IConstruct, actions: string[], reason: string): void {
    const where = `${this.where}: declareCalls for '${workload.node.path}'`;
    const { problem, warnings } = checkDeclaration(actions, reason);
    if (problem) throw new Error(`${where}: ${problem}`);
    for (const warning of warnings) this.warn('isolated-ecs-constructs:declared-action', `${where}: ${warning}`);
    this.calls.push({ workload, actions: [...actions], reason });
  }

  public addJob(taskDefinition: ecs.TaskDefinition, options: JobOptions): void {
    this.jobs.add(taskDefinition, options);
  }

  public waiveEndpoint(endpoint: string, reason: string): void {
    const problem = waiverProblem(endpoint, reason);
    if (problem) throw new Error(`${this.where}: waiveEndpoint('${endpoint}'): ${problem}`);
    this.waivers.set(endpoint, reason);
  }

  public isWaived(name: string): boolean {
    return this.waivers.has(name);
  }
}
