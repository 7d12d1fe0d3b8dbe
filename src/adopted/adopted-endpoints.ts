import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DependencyGroup, IConstruct, IDependable } from 'constructs';
import { FoundEndpoint } from './endpoint-lookup';
import { isEmpty, literalize, NetworkRequest, partitionOf, summarize } from './network-request';
import { Subject } from '../base/errors';
import { CheckContext, EndpointSet, GatewayName } from '../core/endpoint-set';
import { endpointConstructId, endpointKey, shortNameOf, shortNameOfKey } from '../endpoints/names';
import {
  AwsOwnedBuckets, awsOwnedBucketStatements, declaredBucketStatements, dynamoDbGatewayStatements, s3GatewayStatements,
} from '../endpoints/perimeter';
import { EndpointPolicy } from '../endpoints/policy';
import { scanEndpoints } from '../endpoints/scan';
import { ENDPOINT_PORTS } from '../iam/action-rules';
import { MissingEndpointWording, missingEndpoints, workloadMessages } from '../workloads/checks';

const HTTPS = ec2.Port.tcp(443);
const GATEWAYS: Record<GatewayName, ec2.GatewayVpcEndpointAwsService> = {
  s3: ec2.GatewayVpcEndpointAwsService.S3,
  dynamodb: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
};

/**
 * What `AdoptedEndpoints` is told of the network.
 */
export interface AdoptedNetwork {
  readonly subnets: ec2.ISubnet[];
  readonly policy: EndpointPolicy;
  readonly clientGroup: ec2.ISecurityGroup;
  readonly declaredInterfaces: ec2.InterfaceVpcEndpointAwsService[];
  readonly declaredGateways: ec2.GatewayVpcEndpointAwsService[];
  readonly central: ec2.InterfaceVpcEndpointAwsService[];
  readonly endpointGroup?: ec2.ISecurityGroup;
  readonly createMissing: boolean;
  readonly ownerAccount: string;
  readonly region: string;
  /** The wording of the messages for a missing endpoint. */
  readonly wording: (creationRefusal: string | undefined) => MissingEndpointWording;
}

/**
 * The endpoints of a VPC the app does not own: those it has (declared, looked up, served centrally,
 * or created elsewhere in the app), those this stack creates in it, the rules that let the tasks
 * reach them, and the data perimeter, written into the policies this stack owns and requested of
 * the network's owner for the others.
 */
export class AdoptedEndpoints extends EndpointSet {
  private readonly gateways = new Map<GatewayName, { origin: string; created?: ec2.GatewayVpcEndpoint }>();
  private readonly wantedGateways = new Set<GatewayName>();
  private readonly endpointGroups = new Map<string, string>();
  private readonly admitted: Array<{ peer: ec2.IPeer; description: string }> = [];
  private readonly ruleKeys = new Set<string>();
  private readonly buckets: Array<() => iam.PolicyStatement[]> = [];
  private readonly awsOwned = new Set<AwsOwnedBuckets>();
  private readonly whyNotCreate?: string;
  private ownGroup?: ec2.SecurityGroup;
  private scanned = false;
  private lookupPending = false;

  constructor(private readonly host: ec2.IVpc & IConstruct, subject: Subject, private readonly network: AdoptedNetwork) {
    super(host, subject, network.policy);
    this.whyNotCreate = this.creationProblem();
    if (network.createMissing && this.whyNotCreate) subject.fail(`createMissingEndpoints: true, but ${this.whyNotCreate}`);

    const seen = new Map<string, string>();
    const claim = (service: ec2.IInterfaceVpcEndpointService, list: string) => {
      const key = endpointKey(host, service.name);
      const earlier = seen.get(key);
      if (earlier) {
        subject.fail(`endpoint '${shortNameOf(service)}' is listed twice (in ${earlier}${earlier === list ? ' again' : ` and in ${list}`}). `
          + 'A VPC resolves a service\'s private DNS name to one place: list each service once, in endpoints if its endpoint is in the VPC, '
          + 'in centralEndpoints if a private hosted zone or Route 53 Profile serves it.');
      }
      seen.set(key, list);
    };
    for (const service of network.declaredInterfaces) {
      claim(service, 'endpoints');
      this.registry.register(service, { shortName: service.shortName, origin: 'declared' });
    }
    for (const service of network.central) {
      claim(service, 'centralEndpoints');
      this.registry.register(service, { shortName: service.shortName, origin: 'central' });
    }
    for (const service of network.declaredGateways) {
      const name = gatewayName(host, service);
      if (!name) subject.fail(`gatewayEndpoints holds '${service.name}', which is not a gateway endpoint service. Use ec2.GatewayVpcEndpointAwsService.S3 or DYNAMODB.`);
      if (this.gateways.has(name)) subject.fail(`gateway endpoint '${name}' is listed twice in gatewayEndpoints. List it once.`);
      this.gateways.set(name, { origin: 'declared' });
    }
    if (network.endpointGroup) this.endpointGroups.set(groupKey(host, network.endpointGroup.securityGroupId), network.endpointGroup.securityGroupId);
    this.admit(ec2.Peer.securityGroupId(network.clientGroup.securityGroupId), 'HTTPS from the endpoint clients of an adopting stack');
  }

  /** Whether the VPC or its endpoints are still being looked up, so the checks wait. */
  public get pending(): boolean {
    return this.lookupPending;
  }

  /** Says the VPC or its endpoints are being looked up: the checks run once the CLI has the answer. */
  public markPending(): void {
    this.lookupPending = true;
  }

  /** Takes the endpoints a lookup found: private-DNS interface endpoints and gateways, with their groups. */
  public addFound(found: FoundEndpoint[]): void {
    for (const endpoint of found) {
      const short = /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(endpoint.serviceName)?.[1];
      if (!short) continue;
      if (endpoint.type === 'Gateway' && (short === 's3' || short === 'dynamodb')) {
        if (!this.gateways.has(short)) this.gateways.set(short, { origin: `found ${endpoint.id}` });
      } else if (endpoint.type === 'Interface' && endpoint.privateDnsEnabled) {
        const service = new ec2.InterfaceVpcEndpointAwsService(short);
        if (!this.registry.has(service)) this.registry.register(service, { shortName: short, origin: `found ${endpoint.id}` });
        if (!this.network.endpointGroup) for (const id of endpoint.securityGroupIds) this.addEndpointGroup(id);
      }
    }
  }

  public get names(): string[] {
    this.scanApp();
    return this.registry.names;
  }

  public get facts() {
    return {
      presetName: 'none (an existing VPC)',
      presetServices: [],
      interfaceEndpoints: this.names,
      gatewayEndpoints: this.gatewayNames,
      origins: this.origins,
    };
  }

  private get gatewayNames(): string[] {
    this.scanApp();
    return [...this.gateways.keys()];
  }

  /** Where each endpoint the stack did not create comes from, for the explanations. */
  private get origins(): Map<string, string> {
    this.scanApp();
    const origins = new Map<string, string>();
    const describe = (origin: string) => origin === 'declared' ? 'in the VPC already (declared)'
      : origin === 'central' ? 'served centrally, through a private hosted zone or a Route 53 Profile (centralEndpoints)'
        : origin.startsWith('found ') ? `in the VPC already (${origin.slice('found '.length)}, found by the lookup)` : `created ${origin}`;
    for (const name of this.registry.names) {
      const origin = this.registry.byShortName(name)?.origin;
      if (origin) origins.set(name, describe(origin));
    }
    for (const [name, gateway] of this.gateways) if (!gateway.created) origins.set(name, describe(gateway.origin));
    return origins;
  }

  public get createdCount(): number {
    return this.registry.created.length + [...this.gateways.values()].filter((g) => g.created).length;
  }

  public has(service: ec2.InterfaceVpcEndpointAwsService): boolean {
    this.scanApp();
    return this.registry.has(service) || (service.shortName === 's3' && this.gateways.has('s3'));
  }

  /** Creates a private-DNS interface endpoint for `service` in this stack, unless the VPC has one. */
  public create(service: ec2.InterfaceVpcEndpointAwsService): void {
    if (this.has(service)) return;
    if (this.whyNotCreate) this.subject.fail(`cannot add the '${service.shortName}' endpoint: ${this.whyNotCreate}`);
    const group = this.endpointGroupOfOwn();
    const endpoint = new ec2.InterfaceVpcEndpoint(this.host, endpointConstructId(service), {
      vpc: this.host,
      service,
      privateDnsEnabled: true,
      subnets: { subnets: this.network.subnets },
      securityGroups: [group],
      open: false,
    });
    this.applyPerimeter(endpoint, service.shortName);
    for (const port of ENDPOINT_PORTS[service.shortName] ?? []) {
      group.addIngressRule(ec2.Peer.securityGroupId(this.network.clientGroup.securityGroupId), ec2.Port.tcp(port), `SMTP to the ${service.shortName} endpoint`);
    }
    this.registry.register(service, { shortName: service.shortName, created: endpoint });
  }

  /** Creates the endpoint where the workloads may have endpoints created for them; otherwise the checks report it missing. */
  public ensure(service: ec2.InterfaceVpcEndpointAwsService): void {
    if (this.network.createMissing) this.create(service);
  }

  public get s3Gateway(): IDependable {
    return this.gateway('s3');
  }

  public useDynamoDbGateway(): IDependable {
    return this.gateway('dynamodb');
  }

  public admitClient(client: ec2.IConnectable): void {
    for (const group of client.connections.securityGroups) this.admit(ec2.Peer.securityGroupId(group.securityGroupId), 'HTTPS from an endpoint client');
  }

  protected createdGateway(name: GatewayName): ec2.GatewayVpcEndpoint | undefined {
    return this.gateways.get(name)?.created;
  }

  /** What workloads wait for to reach the gateway `name`: created here when it is missing and may be. */
  private gateway(name: GatewayName): IDependable {
    this.scanApp();
    this.wantedGateways.add(name);
    const known = this.gateways.get(name);
    if (known) return known.created ?? new DependencyGroup();
    if (!this.network.createMissing) return new DependencyGroup();
    const routeTables = this.network.subnets.map((s) => s.routeTable?.routeTableId);
    if (routeTables.some((id) => id === undefined)) {
      this.subject.fail(`cannot create the ${name} gateway endpoint, because the route tables of the task subnets are unknown. `
        + 'Import the VPC with them (isolatedSubnetRouteTableIds in ec2.Vpc.fromVpcAttributes), or declare the gateway the VPC has: gatewayEndpoints.');
    }
    const endpoint = new ec2.GatewayVpcEndpoint(this.host, name === 's3' ? 'S3Endpoint' : 'DynamoDbEndpoint', {
      vpc: this.host,
      service: GATEWAYS[name],
      subnets: [{ subnets: this.network.subnets }],
    });
    const statements = name === 's3' ? [...s3GatewayStatements(this.host, this.network.policy), ...this.bucketStatements()]
      : [...dynamoDbGatewayStatements(this.host, this.network.policy), ...this.exceptions.statementsFor('dynamodb')];
    for (const statement of statements) endpoint.addToPolicy(statement);
    this.gateways.set(name, { origin: 'created', created: endpoint });
    return endpoint;
  }

  /** Lets `peer` reach the interface endpoints on 443: a rule in this stack on each endpoint group. */
  public admit(peer: ec2.IPeer, description: string): void {
    this.admitted.push({ peer, description });
    for (const groupId of this.endpointGroups.values()) this.addRule(groupId, peer, description);
    this.ownGroup?.addIngressRule(peer, HTTPS, description);
  }

  public allowBucket(bucketName: string, actions: string[]): void {
    this.addBucketStatements(() => declaredBucketStatements(this.host, this.network.policy, bucketName, actions));
  }

  public allowAwsOwnedBuckets(buckets: AwsOwnedBuckets): void {
    if (this.awsOwned.has(buckets)) return;
    this.awsOwned.add(buckets);
    this.addBucketStatements(() => awsOwnedBucketStatements(this.host, this.network.policy, buckets));
  }

  /** What the network's owner must change for `workloads`. */
  public request(context: CheckContext): NetworkRequest {
    const { workloads } = context;
    const stack = Stack.of(this.host);
    const missing = missingEndpoints(workloads, (s) => this.has(s), (name) => context.isWaived(name));
    const serviceName = (short: string) => `com.amazonaws.${Token.isUnresolved(stack.region) ? '<region>' : stack.region}.${short}`;
    const subnetIds = this.network.subnets.map((s) => stack.resolve(s.subnetId));
    const borrowed = [...new Set([...this.registry.names.filter((n) => !this.registry.byShortName(n)?.created), ...missing.keys()])];
    const statements = borrowed
      .map((name) => ({ endpoint: name, statements: this.exceptions.statementsFor(name) }))
      .filter((e) => e.statements.length > 0);
    if (!this.gateways.get('s3')?.created && this.bucketStatements().length > 0) statements.push({ endpoint: 's3', statements: this.bucketStatements() });
    if (!this.gateways.get('dynamodb')?.created && this.exceptions.statementsFor('dynamodb').length > 0) {
      statements.push({ endpoint: 'dynamodb', statements: this.exceptions.statementsFor('dynamodb') });
    }
    const needsRule = this.endpointGroups.size === 0 && (borrowed.length > 0) && workloads.length > 0;
    const region = Token.isUnresolved(stack.region) ? undefined : stack.region;
    const known = {
      'AWS::Region': region,
      'AWS::AccountId': Token.isUnresolved(stack.account) ? undefined : stack.account,
      'AWS::Partition': region ? partitionOf(region) : undefined,
    };
    return literalize({
      vpcId: stack.resolve(this.host.vpcId),
      region: stack.resolve(stack.region),
      requestedBy: stack.stackName,
      interfaceEndpoints: [...missing.entries()].map(([name, m]) => ({
        serviceName: serviceName(name), privateDnsEnabled: true, subnetIds, neededBy: m.neededBy,
      })),
      gatewayEndpoints: [...this.wantedGateways].filter((g) => !this.gateways.has(g) && !context.isWaived(g)).map((g) => ({
        serviceName: serviceName(g),
        routeTableIds: this.network.subnets.map((s) => stack.resolve(s.routeTable?.routeTableId ?? `<route table of ${s.subnetId}>`)),
        neededBy: [g === 's3' ? 'every task that pulls an image from ECR: image layers come from S3' : 'the workloads that call DynamoDB'],
      })),
      securityGroupRules: needsRule ? [{
        securityGroups: ['<the security group of each interface endpoint in the VPC>'],
        direction: 'ingress',
        protocol: 'tcp',
        port: 443,
        sources: this.network.subnets.map((s) => subnetCidr(stack, s)),
        why: 'the tasks reach the endpoints from these subnets',
      }] : [],
      endpointPolicyStatements: statements.map((e) => ({
        endpoint: e.endpoint,
        statements: e.statements.map((s) => stack.resolve(s.toStatementJson())),
        why: 'needed if the endpoint\'s policy restricts principals or resources (a data perimeter): the workloads use these outside the trusted accounts',
      })),
    }, known) as NetworkRequest;
  }

  /** The synth-time errors for the workloads, a summary, and a warning when no rule lets the tasks reach the endpoints. */
  public problems(context: CheckContext): string[] {
    if (this.lookupPending) {
      // An error here would stop the CLI before it answers the lookups; the next synth checks.
      Annotations.of(this.host).addInfo(`${this.subject}: the VPC or its endpoints are being looked up; the checks run once the CLI has the answer.`);
      return [];
    }
    const { workloads } = context;
    const isWaived = (name: string) => context.isWaived(name);
    const stack = Stack.of(this.host);
    this.summarize(context);
    const problems = workloadMessages(this.network.wording(this.whyNotCreate), workloads, (s) => this.has(s), isWaived);
    for (const name of this.wantedGateways) {
      if (this.gateways.has(name) || isWaived(name) || (name === 's3' && this.registry.has(new ec2.InterfaceVpcEndpointAwsService('s3')))) continue;
      problems.push(`${this.subject}: ${name === 's3' ? 'its workloads pull images from ECR, whose layers come from S3' : 'its workloads call DynamoDB'}, `
        + `but no ${name} gateway endpoint is declared for the VPC, so ${name === 's3' ? 'tasks stop in PENDING with CannotPullContainerError' : 'those calls time out'}. `
        + `If the VPC has one on the task subnets' route tables, declare it: gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.${name === 's3' ? 'S3' : 'DYNAMODB'}]; `
        + `otherwise ask the network's owner for it (vpc.networkRequest() lists it)${this.whyNotCreate ? '' : ', or let this stack create it: createMissingEndpoints: true'}.`);
    }
    if (this.endpointGroups.size === 0 && workloads.length > 0 && this.registry.names.some((n) => !this.registry.byShortName(n)?.created)) {
      Annotations.of(this.host).addWarningV2('isolated-ecs-constructs:endpoint-group-unknown',
        `${this.subject}: the security groups of the VPC's interface endpoints are unknown, so this stack cannot let its tasks in. The endpoints must `
        + `admit TCP 443 from the task subnets (${this.network.subnets.map((s) => subnetCidr(stack, s)).join(', ')}), or the tasks hang in PENDING. `
        + 'Pass the group: endpointSecurityGroup: ec2.SecurityGroup.fromSecurityGroupId(this, \'Endpoints\', \'sg-...\'), or ask the network\'s owner (vpc.networkRequest()).');
    }
    problems.push(...this.policySizeProblems());
    return problems;
  }

  private summarize(context: CheckContext): void {
    const request = this.request(context);
    const vpcId = this.host.vpcId;
    Annotations.of(this.host).addInfo(`${this.subject}: uses ${Token.isUnresolved(vpcId) ? 'an existing VPC' : vpcId} with interface endpoints `
      + `${[...this.names].sort().join(', ') || 'none'} (${this.createdCount} created by this stack). `
      + (isEmpty(request) ? 'Nothing to ask of the network\'s owner.'
        : `Network request for its owner (${summarize(request)}), from vpc.networkRequest(): ${JSON.stringify(request)}`));
  }

  /** Why this stack cannot create endpoints in the VPC, if it cannot. */
  public get creationRefusal(): string | undefined {
    return this.whyNotCreate;
  }

  private creationProblem(): string | undefined {
    const stack = Stack.of(this.host);
    const { ownerAccount, region } = this.network;
    if (!Token.isUnresolved(ownerAccount) && !Token.isUnresolved(stack.account) && ownerAccount !== stack.account) {
      return `the VPC belongs to account ${ownerAccount}, not to this stack's account ${stack.account}: a VPC shared through RAM, whose participants `
        + 'cannot create endpoints in it. Ask the VPC\'s owner for the endpoints (vpc.networkRequest() lists them).';
    }
    if (!Token.isUnresolved(region) && !Token.isUnresolved(stack.region) && region !== stack.region) {
      return `the VPC is in ${region}, not in this stack's region ${stack.region}. Deploy the stack to ${region}, or ask the VPC's owner for the endpoints.`;
    }
    return undefined;
  }

  private endpointGroupOfOwn(): ec2.SecurityGroup {
    if (!this.ownGroup) {
      this.ownGroup = new ec2.SecurityGroup(this.host, 'EndpointSecurityGroup', {
        vpc: this.host,
        description: 'Interface VPC endpoints of an adopting stack: HTTPS from endpoint clients only',
        allowAllOutbound: false,
      });
      for (const { peer, description } of this.admitted) this.ownGroup.addIngressRule(peer, HTTPS, description);
    }
    return this.ownGroup;
  }

  private addEndpointGroup(groupId: string): void {
    const key = groupKey(this.host, groupId);
    if (this.endpointGroups.has(key)) return;
    this.endpointGroups.set(key, groupId);
    for (const { peer, description } of this.admitted) this.addRule(groupId, peer, description);
  }

  // A rule of this stack on a group another stack or team owns: CloudFormation adds it to the group as it stands.
  private addRule(groupId: string, peer: ec2.IPeer, description: string): void {
    const stack = Stack.of(this.host);
    const config = peer.toIngressRuleConfig();
    const key = JSON.stringify(stack.resolve({ groupId, ...config }));
    if (this.ruleKeys.has(key)) return;
    this.ruleKeys.add(key);
    new ec2.CfnSecurityGroupIngress(this.host, `EndpointIngress${this.ruleKeys.size}`, {
      groupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description,
      ...config,
    });
  }

  private addBucketStatements(statements: () => iam.PolicyStatement[]): void {
    this.buckets.push(statements);
    const created = this.gateways.get('s3')?.created;
    if (created) for (const statement of statements()) created.addToPolicy(statement);
  }

  private bucketStatements(): iam.PolicyStatement[] {
    return this.buckets.flatMap((statements) => statements());
  }

  // Endpoints another stack of this app creates in the VPC count as present.
  private scanApp(): void {
    if (this.scanned) return;
    this.scanned = true;
    for (const [key, paths] of scanEndpoints(this.host, 'Interface')) {
      const short = shortNameOfKey(key);
      if (!short || paths.every((p) => p.startsWith(`${this.host.node.path}/`))) continue;
      const service = new ec2.InterfaceVpcEndpointAwsService(short);
      if (!this.registry.has(service)) this.registry.register(service, { shortName: short, origin: `in this app ('${paths[0]}')` });
    }
    for (const [key, paths] of scanEndpoints(this.host, 'Gateway')) {
      const name = shortNameOfKey(key);
      if ((name === 's3' || name === 'dynamodb') && !this.gateways.has(name) && !paths.every((p) => p.startsWith(`${this.host.node.path}/`))) this.gateways.set(name, { origin: `in this app ('${paths[0]}')` });
    }
  }
}


function gatewayName(scope: ec2.IVpc, service: ec2.GatewayVpcEndpointAwsService): GatewayName | undefined {
  const key = endpointKey(scope, service.name);
  return (Object.keys(GATEWAYS) as GatewayName[]).find((name) => endpointKey(scope, GATEWAYS[name].name) === key);
}

function groupKey(scope: ec2.IVpc, groupId: string): string {
  return JSON.stringify(Stack.of(scope).resolve(groupId));
}

// An imported subnet without its CIDR block throws when asked for it.
function subnetCidr(stack: Stack, subnet: ec2.ISubnet): unknown {
  try {
    return stack.resolve(subnet.ipv4CidrBlock);
  } catch {
    return `<CIDR block of ${stack.resolve(subnet.subnetId)}>`;
  }
}
