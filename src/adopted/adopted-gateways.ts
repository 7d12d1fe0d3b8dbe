import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DependencyGroup, IConstruct, IDependable } from 'constructs';
import { Subject } from '../base/errors';
import { GatewayName } from '../core/endpoint-set';
import { endpointKey } from '../endpoints/names';
import { AwsOwnedBuckets, awsOwnedBucketStatements, declaredBucketStatements, dynamoDbGatewayStatements, s3GatewayStatements } from '../endpoints/perimeter';
import { EndpointPolicy } from '../endpoints/policy';

const GATEWAYS: Record<GatewayName, ec2.GatewayVpcEndpointAwsService> = {
  s3: ec2.GatewayVpcEndpointAwsService.S3,
  dynamodb: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
};

/**
 * The gateway endpoints (S3, DynamoDB) of an adopted VPC: those it has, those its workloads want,
 * those this stack creates where it may, and the S3 carve-outs, written into a gateway this stack
 * created and kept for the owner's request otherwise.
 */
export class AdoptedGateways {
  private readonly gateways = new Map<GatewayName, { origin: string; created?: ec2.GatewayVpcEndpoint }>();
  private readonly wanted = new Set<GatewayName>();
  private readonly buckets: Array<() => iam.PolicyStatement[]> = [];
  private readonly awsOwned = new Set<AwsOwnedBuckets>();

  constructor(
    private readonly vpc: ec2.IVpc & IConstruct,
    private readonly subject: Subject,
    private readonly policy: EndpointPolicy,
    private readonly subnets: ec2.ISubnet[],
  ) {}

  /** Takes the gateways the owner declared; refuses what is not a gateway, and a gateway listed twice. */
  public declare(services: ec2.GatewayVpcEndpointAwsService[]): void {
    for (const service of services) {
      const key = endpointKey(this.vpc, service.name);
      const name = (Object.keys(GATEWAYS) as GatewayName[]).find((n) => endpointKey(this.vpc, GATEWAYS[n].name) === key);
      if (!name) this.subject.fail(`gatewayEndpoints holds '${service.name}', which is not a gateway endpoint service. Use ec2.GatewayVpcEndpointAwsService.S3 or DYNAMODB.`);
      if (this.gateways.has(name)) this.subject.fail(`gateway endpoint '${name}' is listed twice in gatewayEndpoints. List it once.`);
      this.gateways.set(name, { origin: 'declared' });
    }
  }

  /** Records a gateway the VPC has, from `origin` (a lookup, another stack of the app), unless it is known. */
  public found(name: string, origin: string): void {
    if ((name === 's3' || name === 'dynamodb') && !this.gateways.has(name)) this.gateways.set(name, { origin });
  }

  public has(name: GatewayName): boolean {
    return this.gateways.has(name);
  }

  public get names(): string[] {
    return [...this.gateways.keys()];
  }

  public created(name: GatewayName): ec2.GatewayVpcEndpoint | undefined {
    return this.gateways.get(name)?.created;
  }

  /** How many gateways this stack created. */
  public get createdCount(): number {
    return [...this.gateways.values()].filter((g) => g.created).length;
  }

  /** The gateways the workloads want and the VPC lacks. */
  public get missing(): GatewayName[] {
    return [...this.wanted].filter((name) => !this.gateways.has(name));
  }

  /** Where each gateway this stack did not create comes from. */
  public origins(describe: (origin: string) => string): Array<[string, string]> {
    return [...this.gateways].filter(([, g]) => !g.created).map(([name, g]) => [name, describe(g.origin)]);
  }

  /**
   * What workloads wait for to reach the gateway `name`: created here when it is missing and may be.
   *
   * @param dynamoDbExceptions the perimeter's exceptions for DynamoDB, written into a gateway created here
   */
  public use(name: GatewayName, createMissing: boolean, dynamoDbExceptions: () => iam.PolicyStatement[]): IDependable {
    this.wanted.add(name);
    const known = this.gateways.get(name);
    if (known) return known.created ?? new DependencyGroup();
    if (!createMissing) return new DependencyGroup();
    if (this.subnets.some((s) => s.routeTable?.routeTableId === undefined)) {
      this.subject.fail(`cannot create the ${name} gateway endpoint, because the route tables of the task subnets are unknown. `
        + 'Import the VPC with them (isolatedSubnetRouteTableIds in ec2.Vpc.fromVpcAttributes), or declare the gateway the VPC has: gatewayEndpoints.');
    }
    const endpoint = new ec2.GatewayVpcEndpoint(this.vpc, name === 's3' ? 'S3Endpoint' : 'DynamoDbEndpoint', {
      vpc: this.vpc,
      service: GATEWAYS[name],
      subnets: [{ subnets: this.subnets }],
    });
    const statements = name === 's3' ? [...s3GatewayStatements(this.vpc, this.policy), ...this.bucketStatements()]
      : [...dynamoDbGatewayStatements(this.vpc, this.policy), ...dynamoDbExceptions()];
    for (const statement of statements) endpoint.addToPolicy(statement);
    this.gateways.set(name, { origin: 'created', created: endpoint });
    return endpoint;
  }

  public allowBucket(bucketName: string, actions: string[]): void {
    this.addBucketStatements(() => declaredBucketStatements(this.vpc, this.policy, bucketName, actions));
  }

  public allowAwsOwnedBuckets(buckets: AwsOwnedBuckets): void {
    if (this.awsOwned.has(buckets)) return;
    this.awsOwned.add(buckets);
    this.addBucketStatements(() => awsOwnedBucketStatements(this.vpc, this.policy, buckets));
  }

  /** The S3 carve-outs the workloads need. */
  public bucketStatements(): iam.PolicyStatement[] {
    return this.buckets.flatMap((statements) => statements());
  }

  private addBucketStatements(statements: () => iam.PolicyStatement[]): void {
    this.buckets.push(statements);
    const created = this.gateways.get('s3')?.created;
    if (created) for (const statement of statements()) created.addToPolicy(statement);
  }
}
