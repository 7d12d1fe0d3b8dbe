import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { Job } from './discovery';
import { JobOptions } from './job-options';
import { Subject } from '../base/errors';
import { groupMembership, sameVpcId } from '../base/membership';

/**
 * The jobs an `IsolatedVpc` was told of with `addJob`: task definitions the app's code starts.
 */
export class DeclaredJobs {
  private readonly jobs = new Map<ecs.TaskDefinition, JobOptions>();

  constructor(private readonly subject: Subject, private readonly vpc: ec2.IVpc) {}

  /** Records a job, or throws an error that names the fix. */
  public add(taskDefinition: ecs.TaskDefinition, options: JobOptions): void {
    const where = this.subject.with(`: addJob('${taskDefinition.node.path}')`);
    if (this.jobs.has(taskDefinition)) {
      where.fail('the task definition is a job of this VPC already. Call addJob once per task definition, with every security group the code passes.');
    }
    const service = serviceOf(taskDefinition);
    if (service) {
      where.fail(`the task definition is that of service '${service.node.path}', which the VPC checks already. `
        + 'Give the job a task definition of its own (a service replaces the tasks it did not start), or leave addJob out.');
    }
    if (taskDefinition.networkMode !== ecs.NetworkMode.AWS_VPC && (options.securityGroups?.length ?? 0) > 0) {
      where.fail(`securityGroups are given, but the task definition uses network mode '${taskDefinition.networkMode}', whose tasks `
        + 'use the container instance\'s network interface and take no security groups. Leave securityGroups out, or use ecs.NetworkMode.AWS_VPC.');
    }
    const foreign = (options.securityGroups ?? []).filter((g) => groupMembership(taskDefinition, this.vpc, g) === 'other');
    if (foreign.length > 0) {
      where.fail(`security group${foreign.length === 1 ? '' : 's'} ${foreign.map((g) => `'${g.node.path}'`).join(', ')} ${foreign.length === 1 ? 'is' : 'are'} of `
        + 'another VPC, and RunTask refuses groups of another VPC than the subnets\'. Pass groups of this VPC, such as vpc.endpointClientSecurityGroup.');
    }
    if (options.cluster && options.cluster.vpc !== this.vpc && sameVpcId(taskDefinition, this.vpc, options.cluster.vpc.vpcId) === 'other') {
      where.fail(`cluster '${options.cluster.node.path}' is a cluster of another VPC ('${options.cluster.vpc.node.path}'): the job's tasks would run there, where this `
        + 'VPC\'s endpoints are not. Declare the job on that VPC, or pass a cluster of this one.');
    }
    for (const group of options.securityGroups ?? []) {
      if (isUnchangeable(group) && !group.allowAllOutbound) {
        where.fail(`security group '${group.node.path}' is imported with mutable: false and allowAllOutbound: false, so its tasks cannot `
          + 'reach the endpoints on 443 and the library may not add the rule. Import it with mutable: true (the library adds the egress rule), '
          + 'allowAllOutbound: true if it allows all outbound traffic, or pass vpc.endpointClientSecurityGroup to RunTask as well.');
      }
    }
    this.jobs.set(taskDefinition, { ...options });
  }

  /** Whether `taskDefinition` was declared a job. */
  public has(taskDefinition: ecs.TaskDefinition): boolean {
    return this.jobs.has(taskDefinition);
  }

  /** The declared jobs as the analysis reads them. */
  public toJobs(): Job[] {
    return [...this.jobs.entries()].map(([taskDefinition, options]) => ({
      who: `job '${(options.startedBy ?? taskDefinition).node.path}' (vpc.addJob)`,
      taskDefinition,
      cluster: options.cluster,
      exec: options.enableExecuteCommand ?? false,
      execConfig: options.cluster?.executeCommandConfiguration,
      assignPublicIp: false,
      fargate: taskDefinition.isFargateCompatible,
      subnets: [],
      stack: Stack.of(taskDefinition),
      dependents: [taskDefinition, ...(options.startedBy ? [options.startedBy] : [])],
      network: taskDefinition.networkMode === ecs.NetworkMode.AWS_VPC ? { kind: 'admit', groups: options.securityGroups ?? [] } : { kind: 'host' },
    }));
  }
}

function serviceOf(taskDefinition: ecs.TaskDefinition): ecs.BaseService | undefined {
  return taskDefinition.node.root.node.findAll()
    .find((c: IConstruct): c is ecs.BaseService => c instanceof ecs.BaseService && c.taskDefinition === taskDefinition);
}

/**
 * Whether a security group is an immutable import (`fromSecurityGroupId(..., { mutable: false })`),
 * which silently drops the rules added to it; aws-cdk-lib gives it no other mark than its class.
 */
export function isUnchangeable(group: { constructor: { name: string } }): boolean {
  return group.constructor.name === 'ImmutableImport';
}
