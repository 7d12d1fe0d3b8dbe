import { Annotations, Aspects, CfnResource, IAspect, Intrinsic, Stack, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct, IDependable } from 'constructs';
import { analyzeAutoScalingGroup, analyzeCluster, analyzeFunction, analyzeService, analyzeTask, describeService, WorkloadAnalysis, wrapperKind } from './analysis';
import { containersOf } from './containers';
import { CustomResourceHandlers } from './custom-resources';
import { HostDeclarations } from './host-declarations';
import { kafkaPollersOf } from './kafka-pollers';
import { PolicyIndex } from './policy-index';
import { callsOfDeclaration, ResourceGrant } from './role-calls';
import { STS_REGIONAL, stsSettingMissing } from './sts';
import { AwsOwnedBuckets } from '../endpoints/perimeter';
import { needName } from '../iam/needs';
import { Job, jobsOf, mayStartJobs, UnknownJob } from '../jobs/discovery';
import { admitJobGroups, attachClientGroup } from '../jobs/network';
import { TaskIndex } from '../jobs/task-index';
import { grantContainerPulls, grantGuardDutyAgentPull } from '../service/grant-pull';

/**
 * What the aspect needs of an isolated VPC (an interface, so this module imports no VPC class):
 * `IsolatedVpc` and `ExistingIsolatedVpc` implement it.
 */
export interface WorkloadHost extends IConstruct {
  readonly vpcId: string;
  readonly isolatedSubnets: ec2.ISubnet[];
  readonly endpointClientSecurityGroup: ec2.ISecurityGroup;
  /** Whether the VPC adds the endpoints its workloads need (EndpointPreset.AUTO, createMissingEndpoints). */
  readonly derivesEndpoints: boolean;
  /** What the user declared that the template does not show. */
  readonly _declarations: HostDeclarations;
  /** The GuardDuty agent repositories, when the sidecar is let through. */
  readonly _guardDutyAgentRepositories?: string[];
  /** What workloads wait for before they pull images: the S3 gateway. */
  readonly _s3Gateway: IDependable;
  /** Makes the VPC reach `service` (a local endpoint, unless it has one or a hub serves it). */
  _ensureEndpoint(service: ec2.InterfaceVpcEndpointAwsService): void;
  /** The DynamoDB gateway, added or requested; what workloads wait for. */
  _useDynamoDbGateway(): IDependable;
  /** Lets `peer` reach the interface endpoints on 443. */
  _admitToEndpoints(peer: ec2.IPeer, description: string): void;
  endpointDependable(service: ec2.InterfaceVpcEndpointAwsService): IDependable;
  grantEndpointAccess(client: ec2.IConnectable): void;
  allowS3Bucket(bucketName: string, actions: string[]): void;
  _allowImagePull(source: string, repositoryArns: string[]): void;
  /** @returns why grants cannot pass the data perimeter */
  _allowResourceGrants(grants: ResourceGrant[]): string[];
  _allowAwsOwnedBuckets(buckets: AwsOwnedBuckets): void;
}

const hosts = new WeakMap<ec2.IVpc, WorkloadHost>();
const analyses = new WeakMap<WorkloadHost, WorkloadAnalysis[]>();
const hostsOfApp = new WeakMap<IConstruct, WorkloadHost[]>();

/**
 * Makes the workloads of `host` known to it at synth: one aspect per app finds every ECS
 * service, cluster, Auto Scaling group and VPC-attached Lambda function in the host VPC,
 * wherever and however it was built, and reads what their roles let their code call.
 */
export function watchWorkloads(host: WorkloadHost & ec2.IVpc): void {
  hosts.set(host, host);
  analyses.set(host, []);
  const root = host.node.root;
  const appHosts = hostsOfApp.get(root);
  if (appHosts) {
    appHosts.push(host);
  } else {
    hostsOfApp.set(root, [host]);
    Aspects.of(root).add(new IsolatedWorkloadAspect());
  }
}

/**
 * The analyses of the workloads found in `host` so far (complete once aspects have run).
 */
export function workloadsOf(host: WorkloadHost): WorkloadAnalysis[] {
  return analyses.get(host) ?? [];
}

class IsolatedWorkloadAspect implements IAspect {
  private index?: PolicyIndex;
  private tasks?: TaskIndex;
  private readonly handlers = new CustomResourceHandlers<WorkloadHost>(
    (host) => host._allowAwsOwnedBuckets(AwsOwnedBuckets.CUSTOM_RESOURCE_RESPONSES),
  );

  public visit(node: IConstruct): void {
    if (node instanceof ecs.BaseService) {
      const host = hostOfVpc(node.cluster.vpc);
      if (!host) return;
      const analysis = analyzeService(node, this.policies(node));
      if (host._declarations.jobs.has(node.taskDefinition)) {
        analysis.problems.push(`${describeService(node)}: its task definition '${node.taskDefinition.node.path}' was also given to vpc.addJob. `
          + 'A service replaces the tasks it did not start: give the job a task definition of its own, or remove the addJob call.');
      }
      this.adopt(host, analysis, [node], node.taskDefinition.networkMode === ecs.NetworkMode.AWS_VPC ? node : undefined);
      const ours = wrapperKind(node) === 'PrivateFargateService';
      if (callsSts(host, analysis)) this.setStsRegional(node.taskDefinition, node.node.path, ours);
      // PrivateFargateService owns its execution role: it may pull every image its containers name, a sidecar's included.
      if (ours) grantContainerPulls(node.taskDefinition, containersOf(node.taskDefinition));
      if (node instanceof ecs.FargateService) this.letGuardDutyIn(host, node.taskDefinition, describeService(node));
    } else if (node instanceof ecs.Cluster) {
      const host = hostOfVpc(node.vpc);
      if (host) {
        this.adopt(host, analyzeCluster(node));
        // ECS Exec session logs to S3 go through the gateway endpoint, whose policy must name the bucket.
        const execBucket = node.executeCommandConfiguration?.logConfiguration?.s3Bucket;
        if (execBucket) host.allowS3Bucket(execBucket.bucketName, ['s3:PutObject', 's3:GetEncryptionConfiguration']);
      }
    } else if (node instanceof autoscaling.AutoScalingGroup) {
      const cfn = node.node.defaultChild as autoscaling.CfnAutoScalingGroup;
      const host = hostOfSubnets(node, cfn.vpcZoneIdentifier ?? []);
      if (host) {
        host.grantEndpointAccess(node);
        this.adopt(host, analyzeAutoScalingGroup(node, this.policies(node)), [node]);
      }
    } else if (node instanceof lambda.Function && node.isBoundToVpc) {
      const config = (node.node.defaultChild as lambda.CfnFunction).vpcConfig as lambda.CfnFunction.VpcConfigProperty | undefined;
      const host = hostOfSubnets(node, config?.subnetIds ?? []);
      if (host) {
        host.grantEndpointAccess(node);
        const analysis = analyzeFunction(node, this.policies(node));
        this.adopt(host, analysis, [node]);
        this.handlers.addFunction(node, host);
        // The AWS SDK for JavaScript v3 in Node.js runtimes calls the regional STS hostname already.
        if (callsSts(host, analysis) && node.runtime.family !== lambda.RuntimeFamily.NODEJS && stsSettingMissing(node)) {
          warnSts(node, `lambda.Function '${node.node.path}'`, `fn.addEnvironment('${STS_REGIONAL.name}', '${STS_REGIONAL.value}')`);
        }
      }
    } else if (CfnResource.isCfnResource(node) && node.cfnResourceType === 'AWS::Lambda::EventSourceMapping') {
      this.adoptKafkaPollers(node);
    } else if (mayStartJobs(node)) {
      for (const job of jobsOf(node, () => this.tasks ??= new TaskIndex(node.node.root))) this.adoptJob(job, node);
    } else if (node instanceof CfnResource && CustomResourceHandlers.isCustomResource(node)) {
      this.handlers.addCustomResource(node);
    } else if (hosts.get(node as ec2.IVpc) === node) {
      this.adoptDeclarations(node as WorkloadHost);
    }
  }

  // A job is in a host VPC when its tasks go to the VPC's subnets, or run in a cluster of the VPC.
  private adoptJob(job: Job | UnknownJob, node: IConstruct, declaredBy?: WorkloadHost): void {
    const cluster = 'taskDefinition' in job ? job.cluster : undefined;
    const host = declaredBy ?? hostOfResolvedSubnets(node, job.subnets) ?? (cluster ? hostOfVpc(cluster.vpc) : undefined);
    if (!host) return;
    if (!('taskDefinition' in job)) {
      Annotations.of(job.scope).addWarningV2('isolated-ecs-constructs:unknown-job',
        `${job.who} starts task definition ${JSON.stringify(job.taskDefinitionArn)} in IsolatedVpc '${host.node.path}', but that task definition is not `
        + 'part of this app, so the library cannot tell which endpoints its tasks need. Declare what they need: vpc.addEndpoint(service) for each, '
        + 'or define the task definition in this app.');
      return;
    }
    const analysis = analyzeTask(job, this.policies(node));
    const networkProblem = job.network.kind === 'override' ? attachClientGroup(job.who, job.network, host.endpointClientSecurityGroup)
      : job.network.kind === 'admit' ? admitJobGroups(job.who, job.network.groups, host) : undefined;
    if (networkProblem) analysis.problems.push(networkProblem);
    this.adopt(host, analysis, job.dependents);
    if (callsSts(host, analysis)) this.setStsRegional(job.taskDefinition, (job.dependents[0] ?? job.taskDefinition).node.path, false);
    if (job.fargate) this.letGuardDutyIn(host, job.taskDefinition, job.who);
  }

  // Kafka pollers run in the cluster's subnets: they are workloads of the VPC that holds them.
  private adoptKafkaPollers(mapping: CfnResource): void {
    const pollers = kafkaPollersOf(mapping);
    const host = pollers ? hostOfResolvedSubnets(mapping, pollers.subnets) : undefined;
    if (!pollers || !host) return;
    for (const group of pollers.securityGroups) {
      const id = typeof group === 'string' ? group : Token.asString(new Intrinsic(group));
      host._admitToEndpoints(ec2.Peer.securityGroupId(id), 'HTTPS from the pollers of a Kafka event source mapping');
    }
    const uses = pollers.features.map((feature) => ({ feature, user: pollers.who }));
    this.adopt(host, { uses, problems: [], calls: [], serverSideKms: [], warnings: [] }, [mapping]);
  }

  // GuardDuty injects its agent into Fargate tasks only; their execution role must be able to pull it.
  private letGuardDutyIn(host: WorkloadHost, taskDefinition: ecs.TaskDefinition, who: string): void {
    const repositories = host._guardDutyAgentRepositories;
    if (!repositories) return;
    host._allowImagePull('GuardDutyAgent', repositories);
    const warning = grantGuardDutyAgentPull(taskDefinition, repositories, who);
    if (warning) Annotations.of(taskDefinition).addWarningV2('isolated-ecs-constructs:guardduty-execution-role', warning);
  }

  // One index of the app's policies, made when the first workload is visited: user code has run by then.
  private policies(node: IConstruct): PolicyIndex {
    return this.index ??= new PolicyIndex(node.node.root);
  }

  private adoptDeclarations(host: WorkloadHost): void {
    for (const declaration of host._declarations.calls) {
      const who = `'${declaration.workload.node.path}'`;
      const calls = callsOfDeclaration(this.policies(host), declaration.actions, who, declaration.reason);
      this.adopt(host, { uses: [], problems: [], ...calls }, [declaration.workload]);
    }
    for (const job of host._declarations.jobs.toJobs()) this.adoptJob(job, host, host);
  }

  private adopt(host: WorkloadHost, analysis: WorkloadAnalysis, dependents: IConstruct[] = [], client?: ec2.IConnectable): void {
    analyses.get(host)!.push(analysis);
    for (const warning of analysis.warnings) Annotations.of(dependents[0] ?? host).addWarningV2('isolated-ecs-constructs:unreadable-policy', warning);
    if (client) host.grantEndpointAccess(client);
    for (const pull of analysis.pulls ?? []) host._allowImagePull(pull.source, pull.repositoryArns);
    analysis.problems.push(...host._allowResourceGrants(analysis.resourceGrants ?? []));
    for (const buckets of analysis.buckets ?? []) host._allowAwsOwnedBuckets(buckets);

    const endpoints = new Map<string, ec2.InterfaceVpcEndpointAwsService>();
    for (const use of analysis.uses) for (const e of use.feature.endpoints) endpoints.set(e.shortName, e);
    for (const call of analysis.calls) if (call.need.kind === 'interface') endpoints.set(call.need.endpoint.shortName, call.need.endpoint);
    for (const name of [...endpoints.keys()]) if (host._declarations.isWaived(name)) endpoints.delete(name);

    const dependencies: IDependable[] = [host._s3Gateway];
    // The DynamoDB gateway is free, so it is added whatever the preset, like the S3 gateway.
    if (analysis.calls.some((c) => c.need.kind === 'gateway' && c.need.name === 'dynamodb') && !host._declarations.isWaived('dynamodb')) {
      dependencies.push(host._useDynamoDbGateway());
    }
    if (host.derivesEndpoints) {
      for (const e of endpoints.values()) host._ensureEndpoint(e);
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
  return analysis.calls.some((c) => needName(c.need) === 'sts') && !host._declarations.isWaived('sts');
}

function warnSts(scope: IConstruct, who: string, fix: string): void {
  Annotations.of(scope).addWarningV2('isolated-ecs-constructs:sts-regional',
    `${who} may call STS, but does not set ${STS_REGIONAL.name}=${STS_REGIONAL.value}: older SDKs (those released before mid-2022, and old boto3) then call the global `
    + `sts.amazonaws.com, which the VPC's sts endpoint does not serve, and the call times out. Set it: ${fix}.`);
}

// The host of `vpc`: the VPC object itself, or, for a VPC imported or looked up apart from its host
// (a cluster built on the raw ec2.Vpc.fromLookup), the host of the same VPC ID.
function hostOfVpc(vpc: ec2.IVpc): WorkloadHost | undefined {
  const host = hosts.get(vpc);
  if (host) return host;
  const stack = Stack.of(vpc);
  const id = JSON.stringify(stack.resolve(vpc.vpcId));
  return (hostsOfApp.get(vpc.node.root) ?? [])
    .find((h) => h.vpcId === vpc.vpcId || (Stack.of(h) === stack && JSON.stringify(stack.resolve(h.vpcId)) === id));
}

// A workload is in a host VPC when it launches into one of the VPC's subnets.
function hostOfSubnets(scope: IConstruct, subnetIds: string[]): WorkloadHost | undefined {
  const subnets = new Set(subnetIds);
  return (hostsOfApp.get(scope.node.root) ?? []).find((host) => host.isolatedSubnets.some((s) => subnets.has(s.subnetId)));
}

// The same, for subnet IDs resolved in the stack of `scope` (a rule's or a schedule's targets).
function hostOfResolvedSubnets(scope: IConstruct, subnetIds: unknown[]): WorkloadHost | undefined {
  if (subnetIds.length === 0) return undefined;
  const stack = Stack.of(scope);
  const wanted = new Set(subnetIds.map((id) => JSON.stringify(id)));
  return (hostsOfApp.get(scope.node.root) ?? [])
    .find((host) => host.isolatedSubnets.some((s) => wanted.has(JSON.stringify(stack.resolve(s.subnetId)))));
}
