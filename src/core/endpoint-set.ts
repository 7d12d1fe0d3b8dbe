import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct, IDependable } from 'constructs';
import { Subject } from '../base/errors';
import { ECR_ENDPOINTS, PerimeterExceptions } from '../endpoints/exceptions';
import { EndpointExplanation } from '../endpoints/explanation';
import { AwsOwnedBuckets, interfaceEndpointStatements } from '../endpoints/perimeter';
import { EndpointPolicy } from '../endpoints/policy';
import { policySizeProblems } from '../endpoints/policy-size';
import { EndpointRegistry } from '../endpoints/registry';
import { ResourceGrant } from '../endpoints/resource-grant';
import { WorkloadAnalysis } from '../workloads/analysis';
import { EndpointFacts } from '../workloads/explain';

/** What a VPC's checks read of its core. */
export interface CheckContext {
  /** What was found in the VPC. */
  readonly workloads: WorkloadAnalysis[];
  isWaived(name: string): boolean;
  /** The VPC's explanations, for its summary. */
  explain(): EndpointExplanation[];
}

/** The gateway endpoints a VPC's workloads may need. */
export type GatewayName = 's3' | 'dynamodb';

/**
 * The endpoints of one isolated VPC, whichever kind: those it can use (created by this app, or in
 * the network already) behind one shape, and the data perimeter written into the policies this app
 * owns. What every kind shares lives here once; a kind says how it creates endpoints and gateways,
 * how it lets clients in, and what it checks and asks for.
 */
export abstract class EndpointSet {
  protected readonly registry: EndpointRegistry;
  protected readonly exceptions: PerimeterExceptions;

  constructor(protected readonly vpc: ec2.IVpc & IConstruct, protected readonly subject: Subject, protected readonly policy: EndpointPolicy) {
    this.registry = new EndpointRegistry(vpc);
    this.exceptions = new PerimeterExceptions(vpc, policy);
  }

  /** The short names of the interface endpoints the workloads can use, in the order they became known. */
  public get names(): string[] {
    return this.registry.names;
  }

  public has(service: ec2.InterfaceVpcEndpointAwsService): boolean {
    return this.registry.has(service);
  }

  public dependable(service: ec2.InterfaceVpcEndpointAwsService): IDependable {
    return this.registry.dependable(service);
  }

  /** Lets trusted principals pull images of other accounts through the ECR endpoints this app owns. Idempotent per `source`. */
  public allowImagePull(source: string, repositoryArns: string[]): void {
    const statement = this.exceptions.allowImagePull(source, repositoryArns);
    if (statement) for (const name of ECR_ENDPOINTS) this.registry.addToCreatedPolicy(name, statement);
  }

  /** Lets trusted principals act on granted resources of other accounts; returns why a grant cannot pass the perimeter. */
  public allowResourceGrants(grants: ResourceGrant[]): string[] {
    const problems: string[] = [];
    for (const grant of grants) {
      const { statement, problem } = this.exceptions.allowResourceGrant(grant);
      if (problem) problems.push(problem);
      if (!statement) continue;
      if (grant.endpoint === 'dynamodb') this.createdGateway('dynamodb')?.addToPolicy(statement);
      else this.registry.addToCreatedPolicy(grant.endpoint, statement);
    }
    return problems;
  }

  /** The endpoints a workload may wait for and reach: an interface endpoint where this kind may add it. */
  public abstract ensure(service: ec2.InterfaceVpcEndpointAwsService): void;
  /** What workloads wait for to reach the S3 gateway. */
  public abstract get s3Gateway(): IDependable;
  /** What workloads wait for to reach the DynamoDB gateway, added where this kind may. */
  public abstract useDynamoDbGateway(): IDependable;
  /** Lets `peer` reach the interface endpoints on 443. */
  public abstract admit(peer: ec2.IPeer, description: string): void;
  /** Lets a client that takes no client group reach the interface endpoints: a rule from its own groups. */
  public abstract admitClient(client: ec2.IConnectable): void;
  public abstract allowBucket(bucketName: string, actions: string[]): void;
  public abstract allowAwsOwnedBuckets(buckets: AwsOwnedBuckets): void;
  /** What `explainEndpoints()` reads, but the waivers and the workloads. */
  public abstract get facts(): Omit<EndpointFacts, 'waivers' | 'workloads'>;
  /** The synth-time errors of this VPC for `workloads`, with the summary annotations of its kind. */
  public abstract problems(context: CheckContext): string[];
  /** What the network's owner must change for the workloads, as a JSON value. */
  public abstract request(context: CheckContext): unknown;

  /** The gateway endpoint `name` when this app created it. */
  protected abstract createdGateway(name: GatewayName): ec2.GatewayVpcEndpoint | undefined;

  /** The perimeter's statements a newly created interface endpoint carries. */
  protected applyPerimeter(endpoint: ec2.InterfaceVpcEndpoint, shortName: string): void {
    for (const statement of interfaceEndpointStatements(this.vpc, this.policy, shortName)) endpoint.addToPolicy(statement);
    for (const statement of this.exceptions.statementsFor(shortName)) endpoint.addToPolicy(statement);
  }

  /** Policies of endpoints this app created that are over the PrivateLink quota. */
  protected policySizeProblems(): string[] {
    const gateways = (['s3', 'dynamodb'] as GatewayName[])
      .map((name) => ({ name, endpoint: this.createdGateway(name) }))
      .filter((g): g is { name: GatewayName; endpoint: ec2.GatewayVpcEndpoint } => g.endpoint !== undefined);
    return policySizeProblems(`${this.subject}`, [...this.registry.created, ...gateways], (name) => this.exceptions.resourceCount(name));
  }

  protected statementsFor(shortName: string): iam.PolicyStatement[] {
    return this.exceptions.statementsFor(shortName);
  }
}
