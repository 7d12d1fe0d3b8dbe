import { Annotations, Aspects, CfnResource, IAspect, Intrinsic, Stack, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct, IDependable } from 'constructs';
import { analyzeAutoScalingGroup, analyzeCluster, analyzeFunction, analyzeService, analyzeTask, describeService, WorkloadAnalysis, wrapperKind } from './analysis';
import { containersOf } from './containers';
import { CustomResourceHandlers } from './custom-resources';
import { WorkloadHost } from './host';
import { kafkaPollersOf } from './kafka-pollers';
import { PolicyIndex } from './policy-index';
import { callsOfDeclaration } from './role-calls';
import { STS_REGIONAL, stsSettingMissing } from './sts';
import { stateOf } from '../base/state';
import { AwsOwnedBuckets } from '../endpoints/perimeter';
import { needName } from '../iam/needs';
import { grantContainerPulls, grantGuardDutyAgentPull } from '../images/grant-pull';
import { Job, jobsOf, mayStartJobs, UnknownJob } from '../jobs/discovery';
import { admitJobGroups, attachClientGroup } from '../jobs/network';
import { TaskIndex } from '../jobs/task-index';

/** The isolated VPCs of one app, kept on its root: which host each VPC has, and what was found in each. */
class AppHosts {
  public static of(scope: IConstruct): AppHosts {
    return stateOf(scope.node.root, 'hosts', () => new AppHosts());
  }

  public readonly hosts: WorkloadHost[] = [];
  public readonly analyses = new Map<WorkloadHost, WorkloadAnalysis[]>();
  public readonly byVpc = new Map<IConstruct, WorkloadHost>();
}

/**
 * Makes the workloads of `host` known to it at synth: one aspect per app finds every ECS
 * service, cluster, Auto Scaling group and VPC-attached Lambda function in the host VPC,
 * wherever and however it was built, and reads what their roles let their code call.
 */
export function watchWorkloads(host: WorkloadHost): void {
  const app = AppHosts.of(host.vpc);
  if (app.hosts.length === 0) Aspects.of(host.vpc.node.root).add(new IsolatedWorkloadAspect());
  app.hosts.push(host);
  app.byVpc.set(host.vpc, host);
  app.analyses.set(host, []);
}

/**
 * The analyses of the workloads found in `host` so far (complete once aspects have run).
 */
export function workloadsOf(host: WorkloadHost): WorkloadAnalysis[] {
  return AppHosts.of(host.vpc).analyses.get(host) ?? [];
}

class IsolatedWorkloadAspect implements IAspect {
  private index?: PolicyIndex;
  private tasks?: TaskIndex;
  private readonly handlers = new CustomResourceHandlers<WorkloadHost>(
    (host) => host.allowAwsOwnedBuckets(AwsOwnedBuckets.CUSTOM_RESOURCE_RESPONSES),
  );

  public visit(node: IConstruct): void {
    if (node instanceof ecs.BaseService) {
      this.visitService(node);
    } else if (node instanceof ecs.Cluster) {
      this.visitCluster(node);
    } else if (node instanceof autoscaling.AutoScalingGroup) {
      const cfn = node.node.defaultChild as autoscaling.CfnAutoScalingGroup;
      const host = hostOfSubnets(node, cfn.vpcZoneIdentifier ?? []);
      if (host) {
        host.grantEndpointAccess(node);
        this.adopt(host, analyzeAutoScalingGroup(node, this.policies(node)), [node]);
      }
    } else if (node instanceof lambda.Function && node.isBoundToVpc) {
      this.visitFunction(node);
    } else if (CfnResource.isCfnResource(node) && node.cfnResourceType === 'AWS::Lambda::EventSourceMapping') {
      this.adoptKafkaPollers(node);
    } else if (mayStartJobs(node)) {
      for (const job of jobsOf(node, () => this.tasks ??= new TaskIndex(node.node.root))) this.adoptJob(job, node);
    } else if (node instanceof CfnResource && CustomResourceHandlers.isCustomResource(node)) {
      this.handlers.addCustomResource(node);
    } else {
      const host = AppHosts.of(node).byVpc.get(node);
      if (host) this.adoptDeclarations(host);
    }
  }

  private visitService(service: ecs.BaseService): void {
    const host = hostOfVpc(service.cluster.vpc);
    if (!host) return;
    const analysis = analyzeService(service, this.policies(service));
    if (host.declarations.jobs.has(service.taskDefinition)) {
      analysis.problems.push(`${describeService(service)}: its task definition '${service.taskDefinition.node.path}' was also given to vpc.addJob. `
        + 'A service replaces the tasks it did not start: give the job a task definition of its own, or remove the addJob call.');
    }
    this.adopt(host, analysis, [service], service.taskDefinition.networkMode === ecs.NetworkMode.AWS_VPC ? service : undefined);
    const ours = wrapperKind(service) === 'PrivateFargateService';
    if (callsSts(host, analysis)) this.setStsRegional(service.taskDefinition, service.node.path, ours);
    // PrivateFargateService owns its execution role: it may pull every image its containers name, a sidecar's included.
    if (ours) grantContainerPulls(service.taskDefinition, containersOf(service.taskDefinition));
    if (service instanceof ecs.FargateService) this.letGuardDutyIn(host, service.taskDefinition, describeService(service));
  }

  private visitCluster(cluster: ecs.Cluster): void {
    const host = hostOfVpc(cluster.vpc);
    if (!host) return;
    this.adopt(host, analyzeCluster(cluster));
    // ECS Exec session logs to S3 go through the gateway endpoint, whose policy must name the bucket.
    const execBucket = cluster.executeCommandConfiguration?.logConfiguration?.s3Bucket;
    if (execBucket) host.allowS3Bucket(execBucket.bucketName, ['s3:PutObject', 's3:GetEncryptionConfiguration']);
  }

  private visitFunction(fn: lambda.Function): void {
    const config = (fn.node.defaultChild as lambda.CfnFunction).vpcConfig as lambda.CfnFunction.VpcConfigProperty | undefined;
    const host = hostOfSubnets(fn, config?.subnetIds ?? []);
    if (!host) return;
    host.grantEndpointAccess(fn);
    const analysis = analyzeFunction(fn, this.policies(fn));
    this.adopt(host, analysis, [fn]);
    this.handlers.addFunction(fn, host);
    // The AWS SDK for JavaScript v3 in Node.js runtimes calls the regional STS hostname already.
    if (callsSts(host, analysis) && fn.runtime.family !== lambda.RuntimeFamily.NODEJS && stsSettingMissing(fn)) {
      warnSts(fn, `lambda.Function '${fn.node.path}'`, `fn.addEnvironment('${STS_REGIONAL.name}', '${STS_REGIONAL.value}')`);
    }
  }

  // A job is in a host VPC when its tasks go to the VPC's subnets, or run in a cluster of the VPC.
  private adoptJob(job: Job | UnknownJob, node: IConstruct, declaredBy?: WorkloadHost): void {
    const cluster = 'taskDefinition' in job ? job.cluster : undefined;
    const host = declaredBy ?? hostOfResolvedSubnets(node, job.subnets) ?? (cluster ? hostOfVpc(cluster.vpc) : undefined);
    if (!host) return;
    if (!('taskDefinition' in job)) {
      Annotations.of(job.scope).addWarningV2('isolated-ecs-constructs:unknown-job',
        `${job.who} starts task definition ${JSON.stringify(job.taskDefinitionArn)} in IsolatedVpc '${host.vpc.node.path}', but that task definition is not `
        + 'part of this app, so the library cannot tell which endpoints its tasks need. Declare what they need: vpc.addEndpoint(service) for each, '
        + 'or define the task definition in this app.');
      return;
    }
    const analysis = analyzeTask(job, this.policies(node));
    const capacity = capacityProblem(job.who, job.taskDefinition, job.cluster);
    if (capacity) analysis.problems.push(capacity);
    const networkProblem = job.network.kind === 'override' ? attachClientGroup(job.who, job.network, host.endpointClientSecurityGroup)
      : job.network.kind === 'admit' ? admitJobGroups(job.who, job.network.groups, host) : undefined;
    if (networkProblem) analysis.problems.push(networkProblem);
    this.adopt(host, analysis, job.dependents);
    if (callsSts(host, analysis)) this.setStsRegional(job.taskDefinition, (job.dependents[0] ?? job.taskDefinition).node.path, false);
    if (job.fargate) this.letGuardDutyIn(host, job.taskDefinition, job.who);
    // A job declared with addJob is the app's own: its execution role may pull every image its containers name, as a PrivateFargateService's does.
    if (declaredBy) grantContainerPulls(job.taskDefinition, containersOf(job.taskDefinition));
  }

  // Kafka pollers run in the cluster's subnets: they are workloads of the VPC that holds them.
  private adoptKafkaPollers(mapping: CfnResource): void {
    const pollers = kafkaPollersOf(mapping);
    const host = pollers ? hostOfResolvedSubnets(mapping, pollers.subnets) : undefined;
    if (!pollers || !host) return;
    for (const group of pollers.securityGroups) {
      const id = typeof group === 'string' ? group : Token.asString(new Intrinsic(group));
      host.admitToEndpoints(ec2.Peer.securityGroupId(id), 'HTTPS from the pollers of a Kafka event source mapping');
    }
    const uses = pollers.features.map((feature) => ({ feature, user: pollers.who }));
    this.adopt(host, { uses, problems: [], calls: [], serverSideKms: [], warnings: [] }, [mapping]);
  }

  // GuardDuty injects its agent into Fargate tasks only; their execution role must be able to pull it.
  private letGuardDutyIn(host: WorkloadHost, taskDefinition: ecs.TaskDefinition, who: string): void {
    const repositories = host.guardDutyAgentRepositories;
    if (!repositories) return;
    host.allowImagePull('GuardDutyAgent', repositories);
    const warning = grantGuardDutyAgentPull(taskDefinition, repositories, who);
    if (warning) Annotations.of(taskDefinition).addWarningV2('isolated-ecs-constructs:guardduty-execution-role', warning);
  }

  // One index of the app's policies, made when the first workload is visited: user code has run by then.
  private policies(node: IConstruct): PolicyIndex {
    return this.index ??= new PolicyIndex(node.node.root);
  }

  private adoptDeclarations(host: WorkloadHost): void {
    for (const declaration of host.declarations.calls) {
      const who = `'${declaration.workload.node.path}'`;
      const calls = callsOfDeclaration(this.policies(host.vpc), declaration.actions, who, declaration.reason);
      const runsIn = hostOfWorkload(declaration.workload);
      const problems = runsIn && runsIn !== host ? [`${host.subject}: declareCalls for ${who}, which runs in VPC '${runsIn.vpc.node.path}': `
        + 'the endpoints its calls need would be made in this VPC, where it never calls them. Declare the calls on the VPC it runs in: '
        + `vpc.declareCalls(workload, actions, reason) on '${runsIn.vpc.node.path}'.`] : [];
      this.adopt(host, { uses: [], problems, ...calls }, [declaration.workload]);
    }
    for (const job of host.declarations.jobs.toJobs()) this.adoptJob(job, host.vpc, host);
  }

  private adopt(host: WorkloadHost, analysis: WorkloadAnalysis, dependents: IConstruct[] = [], client?: ec2.IConnectable): void {
    AppHosts.of(host.vpc).analyses.get(host)!.push(analysis);
    for (const warning of analysis.warnings) Annotations.of(dependents[0] ?? host.vpc).addWarningV2('isolated-ecs-constructs:unreadable-policy', warning);
    if (client) host.grantEndpointAccess(client);
    for (const pull of analysis.pulls ?? []) host.allowImagePull(pull.source, pull.repositoryArns);
    analysis.problems.push(...host.allowResourceGrants(analysis.resourceGrants ?? []));
    for (const buckets of analysis.buckets ?? []) host.allowAwsOwnedBuckets(buckets);

    const endpoints = new Map<string, ec2.InterfaceVpcEndpointAwsService>();
    for (const use of analysis.uses) for (const e of use.feature.endpoints) endpoints.set(e.shortName, e);
    for (const call of analysis.calls) if (call.need.kind === 'interface') endpoints.set(call.need.endpoint.shortName, call.need.endpoint);
    for (const name of [...endpoints.keys()]) if (host.declarations.isWaived(name)) endpoints.delete(name);

    const dependencies: IDependable[] = [host.s3Gateway];
    // The DynamoDB gateway is free, so it is added whatever the preset, like the S3 gateway.
    if (analysis.calls.some((c) => c.need.kind === 'gateway' && c.need.name === 'dynamodb') && !host.declarations.isWaived('dynamodb')) {
      dependencies.push(host.useDynamoDbGateway());
    }
    if (host.derivesEndpoints) {
      for (const e of endpoints.values()) host.ensureEndpoint(e);
    }
    // Workloads must not start before the endpoints they need exist.
    for (const dependent of dependents) {
      dependent.node.addDependency(...dependencies, ...[...endpoints.values()].map((e) => host.endpointDependable(e)));
    }
  }

  // Old SDKs call the global STS hostname, which no endpoint serves; PrivateFargateService sets the
  // variable that makes them use the regional one, and other workloads are told to.
  private setStsRegional(taskDefinition: ecs.TaskDefinition, ownerPath: string, ours: boolean): void {
    for (const container of containersOf(taskDefinition)) {
      if (!stsSettingMissing(container)) continue;
      if (ours) container.addEnvironment(STS_REGIONAL.name, STS_REGIONAL.value);
      else warnSts(container, `container '${container.containerName}' of '${ownerPath}'`, `container.addEnvironment('${STS_REGIONAL.name}', '${STS_REGIONAL.value}')`);
    }
  }
}

function callsSts(host: WorkloadHost, analysis: WorkloadAnalysis): boolean {
  return analysis.calls.some((c) => needName(c.need) === 'sts') && !host.declarations.isWaived('sts');
}

function warnSts(scope: IConstruct, who: string, fix: string): void {
  Annotations.of(scope).addWarningV2('isolated-ecs-constructs:sts-regional',
    `${who} may call STS, but does not set ${STS_REGIONAL.name}=${STS_REGIONAL.value}: older SDKs (those released before mid-2022, and old boto3) then call the global `
    + `sts.amazonaws.com, which the VPC's sts endpoint does not serve, and the call times out. Set it: ${fix}.`);
}

// The host of `vpc`: the VPC object itself, or, for a VPC imported or looked up apart from its host
// (a cluster built on the raw ec2.Vpc.fromLookup), the host of the same VPC ID.
export function hostOfVpc(vpc: ec2.IVpc): WorkloadHost | undefined {
  const app = AppHosts.of(vpc);
  const host = app.byVpc.get(vpc);
  if (host) return host;
  const stack = Stack.of(vpc);
  const id = JSON.stringify(stack.resolve(vpc.vpcId));
  return app.hosts.find((h) => h.vpc.vpcId === vpc.vpcId || (Stack.of(h.vpc) === stack && JSON.stringify(stack.resolve(h.vpc.vpcId)) === id));
}

// The host a workload runs in: an ECS service's cluster's (or that of the one service a construct such as
// PrivateFargateService holds), or the VPC a Lambda function is attached to.
function hostOfWorkload(workload: IConstruct): WorkloadHost | undefined {
  const service = workload instanceof ecs.BaseService ? workload
    : workload.node.findAll().find((c): c is ecs.BaseService => c instanceof ecs.BaseService);
  if (service) return hostOfVpc(service.cluster.vpc);
  if (workload instanceof lambda.Function && workload.isBoundToVpc) {
    const config = (workload.node.defaultChild as lambda.CfnFunction).vpcConfig as lambda.CfnFunction.VpcConfigProperty | undefined;
    return hostOfSubnets(workload, config?.subnetIds ?? []);
  }
  return undefined;
}

// An EC2-only task definition never places in a cluster without EC2 capacity: RunTask finds no container instance.
function capacityProblem(who: string, taskDefinition: ecs.TaskDefinition, cluster: ecs.ICluster | undefined): string | undefined {
  const ec2Only = taskDefinition.isEc2Compatible && !taskDefinition.isFargateCompatible;
  if (!(cluster instanceof ecs.Cluster) || cluster.hasEc2Capacity || !ec2Only) return undefined;
  return `${who}: task definition '${taskDefinition.node.path}' runs on EC2 capacity only, but cluster '${cluster.node.path}' has none, so its tasks never `
    + 'place (RunTask answers "No Container Instances were found in your cluster"). Give the cluster capacity: cluster.addAsgCapacityProvider(provider), '
    + 'or run the job on Fargate: new ecs.FargateTaskDefinition(...).';
}

// A workload is in a host VPC when it launches into one of the VPC's subnets.
function hostOfSubnets(scope: IConstruct, subnetIds: string[]): WorkloadHost | undefined {
  const subnets = new Set(subnetIds);
  return AppHosts.of(scope).hosts.find((host) => host.vpc.isolatedSubnets.some((s) => subnets.has(s.subnetId)));
}

// The same, for subnet IDs resolved in the stack of `scope` (a rule's or a schedule's targets).
function hostOfResolvedSubnets(scope: IConstruct, subnetIds: unknown[]): WorkloadHost | undefined {
  if (subnetIds.length === 0) return undefined;
  const stack = Stack.of(scope);
  const wanted = new Set(subnetIds.map((id) => JSON.stringify(id)));
  return AppHosts.of(scope).hosts.find((host) => host.vpc.isolatedSubnets.some((s) => wanted.has(JSON.stringify(stack.resolve(s.subnetId)))));
}
