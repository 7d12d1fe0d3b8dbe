import { Annotations, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IDependable } from 'constructs';
import { Subject } from '../base/errors';
import { CheckContext, EndpointSet, GatewayName } from '../core/endpoint-set';
import { endpointConstructId, endpointKey, shortNameOf } from '../endpoints/names';
import {
  AwsOwnedBuckets, awsOwnedBucketStatements, declaredBucketStatements, dynamoDbGatewayStatements, s3GatewayStatements,
} from '../endpoints/perimeter';
import { EndpointPolicy } from '../endpoints/policy';
import { EndpointPreset } from '../endpoints/preset';
import { duplicateEndpointMessages, scanPrivateDnsEndpoints } from '../endpoints/scan';
import { checkServiceZones } from '../endpoints/zones';
import { ENDPOINT_PORTS } from '../iam/action-rules';
import { SharedEndpointsReference } from '../shared/reference';
import { joinHub, profileAssociationsOf, SpokeOfHub } from '../shared/spoke';
import { ownedVpcWording, workloadMessages } from '../workloads/checks';

const HTTPS = ec2.Port.tcp(443);
const HOURS_PER_MONTH = 730;

/** What `OwnedEndpoints` is told of the VPC it makes endpoints in. */
export interface OwnedNetwork {
  readonly preset: EndpointPreset;
  readonly policy: EndpointPolicy;
  readonly lookupZones: boolean;
  readonly endpointHourlyPrice: number;
}

/**
 * The endpoints of a VPC the app makes: the S3 gateway on every isolated route table, the shared
 * endpoint group that admits the client group on 443, the interface endpoints with the perimeter,
 * and, in a spoke, the hub's endpoints, which the VPC uses instead of local ones.
 */
export class OwnedEndpoints extends EndpointSet {
  public readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  public readonly endpointSecurityGroup: ec2.SecurityGroup;
  public readonly clientGroup: ec2.SecurityGroup;
  private dynamoDbGateway?: ec2.GatewayVpcEndpoint;
  private hub?: SpokeOfHub;
  private readonly awsOwnedBuckets = new Set<AwsOwnedBuckets>();

  constructor(private readonly owner: ec2.Vpc, subject: Subject, private readonly network: OwnedNetwork) {
    super(owner, subject, network.policy);
    this.s3Endpoint = owner.addGatewayEndpoint('S3Endpoint', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    for (const statement of s3GatewayStatements(owner, network.policy)) this.s3Endpoint.addToPolicy(statement);

    this.endpointSecurityGroup = new ec2.SecurityGroup(owner, 'EndpointSecurityGroup', {
      vpc: owner,
      description: 'Interface VPC endpoints: HTTPS from endpoint clients only',
      allowAllOutbound: false,
    });
    this.clientGroup = new ec2.SecurityGroup(owner, 'EndpointClientSecurityGroup', {
      vpc: owner,
      description: 'Endpoint clients: may reach the interface VPC endpoints on HTTPS',
      allowAllOutbound: false,
    });
    this.clientGroup.connections.allowTo(this.endpointSecurityGroup, HTTPS, 'HTTPS to the interface VPC endpoints');
    // The S3 gateway is reached through the route tables at S3's public addresses, whose prefix list
    // ID CloudFormation cannot look up; there is no route to the internet, so this reaches S3 only.
    this.clientGroup.addEgressRule(ec2.Peer.anyIpv4(), HTTPS, 'HTTPS to S3 through the gateway endpoint');
  }

  /** Makes the VPC a spoke of `reference`: the hub's services count as present and are never created here. */
  public joinHub(reference: SharedEndpointsReference, associate: boolean): void {
    this.hub = new SpokeOfHub(`${this.subject}`, reference);
    for (const name of reference.services) this.registry.register(new ec2.InterfaceVpcEndpointAwsService(name), { shortName: name, origin: 'hub' });
    joinHub(this.owner, reference, associate);
  }

  /** Adds the preset's endpoints, but those the hub serves. */
  public addPreset(): void {
    for (const service of this.network.preset.services) {
      if (!this.hub?.serves(service.shortName)) this.create(service);
    }
  }

  /** The private-DNS interface endpoint for `service` that this VPC created, if any. */
  public find(service: ec2.InterfaceVpcEndpointAwsService): ec2.InterfaceVpcEndpoint | undefined {
    return this.registry.get(service)?.created;
  }

  /** Adds a private-DNS interface endpoint for `service` in every isolated subnet; idempotent. */
  public create(service: ec2.InterfaceVpcEndpointAwsService): ec2.InterfaceVpcEndpoint {
    const existing = this.find(service);
    if (existing) return existing;
    if (this.hub?.serves(service.shortName)) this.subject.fail(this.hub.localEndpointProblem(service.shortName));
    if (this.network.lookupZones) checkServiceZones(this.owner, service);
    const endpoint = this.owner.addInterfaceEndpoint(endpointConstructId(service), {
      service,
      privateDnsEnabled: true,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.endpointSecurityGroup],
      open: false,
      lookupSupportedAzs: this.network.lookupZones,
    });
    this.applyPerimeter(endpoint, service.shortName);
    // SES SMTP is reached on the SMTP ports, not on 443.
    for (const port of ENDPOINT_PORTS[service.shortName] ?? []) {
      this.clientGroup.connections.allowTo(this.endpointSecurityGroup, ec2.Port.tcp(port), `SMTP to the ${service.shortName} endpoint`);
    }
    return endpoint;
  }

  /**
   * Refuses a second private-DNS endpoint for a service the VPC reaches already, which CloudFormation
   * would fail; `id` is the new endpoint's.
   */
  public checkNewInterfaceEndpoint(id: string, options: ec2.InterfaceVpcEndpointOptions): void {
    const existing = privateDnsOf(options) ? this.registry.get(options.service) : undefined;
    if (!existing) return;
    if (!existing.created && this.hub) this.subject.fail(this.hub.localEndpointProblem(existing.shortName));
    this.subject.fail(`addInterfaceEndpoint('${id}') would create a second private-DNS endpoint for '${existing.shortName}', `
      + `which '${existing.created?.node.path}' already provides. A VPC can have only one, and CloudFormation would fail the deployment. `
      + 'Use vpc.addEndpoint(service) or vpc.findEndpoint(service) to get the existing endpoint, or pass privateDnsEnabled: false.');
  }

  /** Records an interface endpoint the VPC created. */
  public registerCreated(options: ec2.InterfaceVpcEndpointOptions, endpoint: ec2.InterfaceVpcEndpoint): void {
    if (privateDnsOf(options)) this.registry.register(options.service, { shortName: shortNameOf(options.service), created: endpoint });
  }

  public ensure(service: ec2.InterfaceVpcEndpointAwsService): void {
    if (!this.registry.has(service)) this.create(service);
  }

  public get s3Gateway(): IDependable {
    return this.s3Endpoint;
  }

  /** The DynamoDB gateway endpoint, if the VPC has one. */
  public get dynamoDbEndpoint(): ec2.GatewayVpcEndpoint | undefined {
    return this.dynamoDbGateway;
  }

  public useDynamoDbGateway(): ec2.GatewayVpcEndpoint {
    if (this.dynamoDbGateway) return this.dynamoDbGateway;
    this.dynamoDbGateway = this.owner.addGatewayEndpoint('DynamoDbEndpoint', {
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    for (const statement of [...dynamoDbGatewayStatements(this.owner, this.policy), ...this.statementsFor('dynamodb')]) {
      this.dynamoDbGateway.addToPolicy(statement);
    }
    return this.dynamoDbGateway;
  }

  public admit(peer: ec2.IPeer, description: string): void {
    this.endpointSecurityGroup.addIngressRule(peer, HTTPS, description);
  }

  public admitClient(client: ec2.IConnectable): void {
    this.endpointSecurityGroup.connections.allowFrom(client, HTTPS, 'HTTPS from an endpoint client');
  }

  public allowBucket(bucketName: string, actions: string[]): void {
    for (const statement of declaredBucketStatements(this.owner, this.policy, bucketName, actions)) this.s3Endpoint.addToPolicy(statement);
  }

  public allowAwsOwnedBuckets(buckets: AwsOwnedBuckets): void {
    if (this.awsOwnedBuckets.has(buckets)) return;
    this.awsOwnedBuckets.add(buckets);
    for (const statement of awsOwnedBucketStatements(this.owner, this.policy, buckets)) this.s3Endpoint.addToPolicy(statement);
  }

  /** The fixed monthly price of the interface endpoints this VPC created (730 hours). */
  public get monthlyCost(): number {
    const [endpoints, azs, price] = [this.registry.created.length, this.owner.availabilityZones.length, this.network.endpointHourlyPrice];
    return Math.round(endpoints * azs * price * HOURS_PER_MONTH * 100) / 100;
  }

  public get facts() {
    return {
      presetName: this.network.preset.name,
      presetServices: this.network.preset.services.map((s) => s.shortName),
      interfaceEndpoints: this.registry.names,
      gatewayEndpoints: ['s3', ...(this.dynamoDbGateway ? ['dynamodb'] : [])],
      origins: this.hub?.origins(),
    };
  }

  public problems(context: CheckContext): string[] {
    const scan = scanPrivateDnsEndpoints(this.owner);
    this.summarize(context);
    const wording = ownedVpcWording(this.owner.node.path, this.network.preset.name, this.hub !== undefined);
    return [
      ...duplicateEndpointMessages(this.owner, scan),
      ...workloadMessages(wording, context.workloads,
        (service) => scan.has(endpointKey(this.owner, service.name)) || this.registry.has(service), (name) => context.isWaived(name)),
      ...(this.hub ? this.profileProblems() : []),
      ...this.policySizeProblems(),
    ];
  }

  /** Nothing to ask of an owner, but a spoke's: the statements the hub's policies must allow for its workloads. */
  public request(): unknown {
    const stack = Stack.of(this.owner);
    return {
      vpcId: stack.resolve(this.owner.vpcId),
      region: stack.resolve(stack.region),
      requestedBy: stack.stackName,
      interfaceEndpoints: [],
      gatewayEndpoints: [],
      securityGroupRules: [],
      // A spoke cannot write the hub's policies: what its workloads need there is asked of the hub's owner.
      endpointPolicyStatements: [...this.hub?.services ?? []]
        .map((name) => ({ endpoint: name, statements: this.statementsFor(name).map((st) => stack.resolve(st.toStatementJson())) }))
        .filter((e) => e.statements.length > 0)
        .map((e) => ({ ...e, why: `the hub's endpoint (${this.hub!.label}) must allow these for this spoke's workloads` })),
    };
  }

  protected createdGateway(name: GatewayName): ec2.GatewayVpcEndpoint | undefined {
    return name === 's3' ? this.s3Endpoint : this.dynamoDbGateway;
  }

  private summarize(context: CheckContext): void {
    const azs = this.owner.availabilityZones.length;
    const why = context.explain().filter((e) => e.present && e.reasons.length > 0)
      .map((e) => `${e.endpoint}: ${e.reasons[0]}${e.reasons.length > 1 ? ` (+${e.reasons.length - 1} more)` : ''}`);
    const local = this.registry.created.map((e) => e.name);
    const price = this.network.endpointHourlyPrice;
    Annotations.of(this.owner).addInfo(
      `${this.subject}: ${local.length} interface endpoints (${[...local].sort().join(', ') || 'none'}) in ${azs} AZ${azs === 1 ? '' : 's'} `
      + `cost $${this.monthlyCost.toFixed(2)} a month at $${price} per endpoint per AZ per hour, plus data processed; `
      + `${this.hub ? `${this.hub.summary(azs, price, HOURS_PER_MONTH)}; ` : ''}`
      + `the gateway endpoints are free. Why each endpoint is there: ${why.join(' | ')}`,
    );
  }

  // A VPC takes one Route 53 Profile; a second association fails at deploy. Also warns of exceptions the hub may lack.
  private profileProblems(): string[] {
    const uncovered = this.hub!.uncoveredExceptions(this.exceptions.pullSources, this.exceptions.grantEndpoints);
    if (uncovered) Annotations.of(this.owner).addWarningV2('isolated-ecs-constructs:hub-exceptions', uncovered);
    const associations = profileAssociationsOf(this.owner);
    if (associations.length <= 1) return [];
    return [`${this.subject}: ${associations.length} Route 53 Profile associations (${associations.map((p) => `'${p}'`).join(', ')}), `
      + 'but a VPC takes one Profile, so CloudFormation would fail the second. Keep the hub\'s: remove the other association, or add its resources to the hub\'s Profile.'];
  }
}

function privateDnsOf(options: ec2.InterfaceVpcEndpointOptions): boolean {
  return options.privateDnsEnabled ?? options.service.privateDnsDefault ?? true;
}
