import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct, IDependable } from 'constructs';
import { CheckContext, EndpointSet } from './endpoint-set';
import { Subject } from '../base/errors';
import { stateOf } from '../base/state';
import { checkS3BucketGrant } from '../endpoints/bucket-grant';
import { joinEndpointClients } from '../endpoints/endpoint-clients';
import { EndpointExplanation } from '../endpoints/explanation';
import { AwsOwnedBuckets } from '../endpoints/perimeter';
import { ResourceGrant } from '../endpoints/resource-grant';
import { guardDutyAgentRepositories } from '../images/guardduty-agent';
import { JobOptions } from '../jobs/job-options';
import { WorkloadAnalysis } from '../workloads/analysis';
import { watchWorkloads, workloadsOf } from '../workloads/aspect';
import { explainEndpoints } from '../workloads/explain';
import { WorkloadHost } from '../workloads/host';
import { HostDeclarations } from '../workloads/host-declarations';

const CORE = 'isolation-core';

/**
 * What a kind of VPC gives its isolation core.
 */
export interface IsolationCoreOptions {
  /** How messages name the VPC, such as `IsolatedVpc 'App/Vpc'`. */
  readonly subject: Subject;
  /** The VPC's endpoints, of its kind. */
  readonly endpoints: EndpointSet;
  /** The group that marks a workload as an endpoint client. */
  readonly clientGroup: ec2.ISecurityGroup;
  /** Whether the VPC adds the endpoints its workloads need. */
  readonly derivesEndpoints: boolean;
  /** Whether the GuardDuty agent may be pulled: true, false, or undefined for "where AWS publishes it". */
  readonly guardDutyRuntimeMonitoring?: boolean;
  /** The VPC's IPv4 block, when it is known at synth. */
  readonly cidr?: string;
}

/**
 * The isolation contract of a VPC, written once for every kind: what the app declares (calls, jobs,
 * waivers), who may reach the endpoints, what the perimeter lets through, the GuardDuty agent, the
 * explanations and the checks. `IsolatedVpc` makes a network and holds a core; `ExistingIsolatedVpc`
 * adopts one and holds a core; their public members delegate here.
 */
export class IsolationCore implements WorkloadHost {
  /** The core of `vpc`, when it is an isolated VPC of this library. */
  public static of(vpc: IConstruct): IsolationCore | undefined {
    return (vpc as unknown as Record<symbol, IsolationCore | undefined>)[Symbol.for(`isolated-ecs-constructs.${CORE}`)];
  }

  public readonly declarations: HostDeclarations;
  public readonly guardDutyAgentRepositories?: string[];
  public readonly derivesEndpoints: boolean;
  public readonly endpointClientSecurityGroup: ec2.ISecurityGroup;
  /** The VPC's IPv4 block, when it is known at synth (a hub publishes it to its spokes). */
  public readonly cidr?: string;
  public readonly subject: Subject;
  private readonly endpoints: EndpointSet;
  private readonly grantedClients = new Set<ec2.IConnectable>();

  constructor(public readonly vpc: ec2.IVpc & IConstruct, options: IsolationCoreOptions) {
    this.subject = options.subject;
    this.endpoints = options.endpoints;
    this.derivesEndpoints = options.derivesEndpoints;
    this.endpointClientSecurityGroup = options.clientGroup;
    this.cidr = options.cidr;
    this.declarations = new HostDeclarations(this.subject, vpc);
    this.guardDutyAgentRepositories = guardDutyAgentRepositories(vpc, this.subject, options.guardDutyRuntimeMonitoring);
    stateOf(vpc, CORE, () => this);
    watchWorkloads(this);
    vpc.node.addValidation({ validate: () => this.endpoints.problems(this.context()) });
  }

  /** What was found in the VPC (complete once aspects have run). */
  public get workloads(): WorkloadAnalysis[] {
    return workloadsOf(this);
  }

  public get endpointNames(): string[] {
    return this.endpoints.names;
  }

  public get s3Gateway(): IDependable {
    return this.endpoints.s3Gateway;
  }

  public hasEndpoint(service: ec2.InterfaceVpcEndpointAwsService): boolean {
    return this.endpoints.has(service);
  }

  public endpointDependable(service: ec2.InterfaceVpcEndpointAwsService): IDependable {
    return this.endpoints.dependable(service);
  }

  public ensureEndpoint(service: ec2.InterfaceVpcEndpointAwsService): void {
    this.endpoints.ensure(service);
  }

  public useDynamoDbGateway(): IDependable {
    return this.endpoints.useDynamoDbGateway();
  }

  public admitToEndpoints(peer: ec2.IPeer, description: string): void {
    this.endpoints.admit(peer, description);
  }

  /**
   * Lets `client` reach the interface endpoints: ECS services in awsvpc mode and Auto Scaling groups
   * join the client group, which keeps the endpoints' rules constant; anything else gets a rule.
   */
  public grantEndpointAccess(client: ec2.IConnectable): void {
    if (this.grantedClients.has(client)) return;
    this.grantedClients.add(client);
    if (!joinEndpointClients(this.subject, client, this.endpointClientSecurityGroup)) this.endpoints.admitClient(client);
  }

  public allowS3Bucket(bucketName: string, actions: string[]): void {
    checkS3BucketGrant(this.subject.with(`: allowS3Bucket('${bucketName}')`), bucketName, actions);
    this.endpoints.allowBucket(bucketName, actions);
  }

  public allowImagePull(source: string, repositoryArns: string[]): void {
    this.endpoints.allowImagePull(source, repositoryArns);
  }

  public allowResourceGrants(grants: ResourceGrant[]): string[] {
    return this.endpoints.allowResourceGrants(grants.filter((g) => !this.declarations.isWaived(g.endpoint)));
  }

  public allowAwsOwnedBuckets(buckets: AwsOwnedBuckets): void {
    this.endpoints.allowAwsOwnedBuckets(buckets);
  }

  public declareCalls(workload: IConstruct, actions: string[], reason: string): void {
    this.declarations.declareCalls(workload, actions, reason);
  }

  public waiveEndpoint(endpoint: string, reason: string): void {
    this.declarations.waiveEndpoint(endpoint, reason);
  }

  public addJob(taskDefinition: ecs.TaskDefinition, options: JobOptions = {}): void {
    this.declarations.addJob(taskDefinition, options);
  }

  public explainEndpoints(): EndpointExplanation[] {
    return explainEndpoints({ ...this.endpoints.facts, waivers: this.declarations.waivers, workloads: this.workloads });
  }

  /** What the network's owner must change for the workloads, as JSON. */
  public networkRequest(): string {
    return JSON.stringify(this.endpoints.request(this.context()), undefined, 2);
  }

  private context(): CheckContext {
    return {
      workloads: this.workloads,
      isWaived: (name) => this.declarations.isWaived(name),
      explain: () => this.explainEndpoints(),
    };
  }
}
