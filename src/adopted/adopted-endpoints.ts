import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct, IDependable } from 'constructs';
import { AdoptedGateways } from './adopted-gateways';
import { AdoptedEndpointGroups } from './endpoint-groups';
import { FoundEndpoint } from './endpoint-lookup';
import { isEmpty, literalize, NetworkRequest, partitionOf, summarize } from './network-request';
import { Subject } from '../base/errors';
import { CheckContext, EndpointSet, GatewayName } from '../core/endpoint-set';
import { endpointConstructId, endpointKey, shortNameOf, shortNameOfKey } from '../endpoints/names';
import { AwsOwnedBuckets } from '../endpoints/perimeter';
import { EndpointPolicy } from '../endpoints/policy';
import { scanEndpoints } from '../endpoints/scan';
import { ENDPOINT_PORTS } from '../iam/action-rules';
import { MissingEndpointWording, missingEndpoints, workloadMessages } from '../workloads/checks';

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
  private readonly gateways: AdoptedGateways;
  private readonly groups: AdoptedEndpointGroups;
  private readonly whyNotCreate?: string;
  private scanned = false;
  private lookupPending = false;

  constructor(private readonly host: ec2.IVpc & IConstruct, subject: Subject, private readonly network: AdoptedNetwork) {
    super(host, subject, network.policy);
    this.gateways = new AdoptedGateways(host, subject, network.policy, network.subnets);
    this.groups = new AdoptedEndpointGroups(host);
    this.whyNotCreate = this.creationProblem();
    if (network.createMissing && this.whyNotCreate) subject.fail(`createMissingEndpoints: true, but ${this.whyNotCreate}`);
    this.declare();
    this.gateways.declare(network.declaredGateways);
    if (network.endpointGroup) this.groups.add(network.endpointGroup.securityGroupId);
    this.admit(ec2.Peer.securityGroupId(network.clientGroup.securityGroupId), 'HTTPS from the endpoint clients of an adopting stack');
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
      if (endpoint.type === 'Gateway') {
        this.gateways.found(short, `found ${endpoint.id}`);
      } else if (endpoint.type === 'Interface' && endpoint.privateDnsEnabled) {
        const service = new ec2.InterfaceVpcEndpointAwsService(short);
        if (!this.registry.has(service)) this.registry.register(service, { shortName: short, origin: `found ${endpoint.id}` });
        if (!this.network.endpointGroup) for (const id of endpoint.securityGroupIds) this.groups.add(id);
      }
    }
  }

  public get names(): string[] {
    this.scanApp();
    return this.registry.names;
  }

  public get facts() {
    this.scanApp();
    return {
      presetName: 'none (an existing VPC)',
      presetServices: [],
      interfaceEndpoints: this.registry.names,
      gatewayEndpoints: this.gateways.names,
      origins: this.origins(),
    };
  }

  public has(service: ec2.InterfaceVpcEndpointAwsService): boolean {
    this.scanApp();
    return this.registry.has(service) || (service.shortName === 's3' && this.gateways.has('s3'));
  }

  /** Creates a private-DNS interface endpoint for `service` in this stack, unless the VPC has one. */
  public create(service: ec2.InterfaceVpcEndpointAwsService): void {
    if (this.has(service)) return;
    if (this.whyNotCreate) this.subject.fail(`cannot add the '${service.shortName}' endpoint: ${this.whyNotCreate}`);
    const group = this.groups.ownGroup();
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
    return this.useGateway('s3');
  }

  public useDynamoDbGateway(): IDependable {
    return this.useGateway('dynamodb');
  }

  public admit(peer: ec2.IPeer, description: string): void {
    this.groups.admit(peer, description);
  }

  public admitClient(client: ec2.IConnectable): void {
    for (const group of client.connections.securityGroups) this.admit(ec2.Peer.securityGroupId(group.securityGroupId), 'HTTPS from an endpoint client');
  }

  public allowBucket(bucketName: string, actions: string[]): void {
    this.gateways.allowBucket(bucketName, actions);
  }

  public allowAwsOwnedBuckets(buckets: AwsOwnedBuckets): void {
    this.gateways.allowAwsOwnedBuckets(buckets);
  }

  /** What the network's owner must change for the workloads. */
  public request(context: CheckContext): NetworkRequest {
    const stack = Stack.of(this.host);
    const missing = missingEndpoints(context.workloads, (s) => this.has(s), (name) => context.isWaived(name));
    const serviceName = (short: string) => `com.amazonaws.${Token.isUnresolved(stack.region) ? '<region>' : stack.region}.${short}`;
    const subnetIds = this.network.subnets.map((s) => stack.resolve(s.subnetId));
    const borrowed = [...new Set([...this.registry.names.filter((n) => !this.registry.byShortName(n)?.created), ...missing.keys()])];
    const needsRule = !this.groups.known && (borrowed.length > 0) && context.workloads.length > 0;
    return literalize({
      vpcId: stack.resolve(this.host.vpcId),
      region: stack.resolve(stack.region),
      requestedBy: stack.stackName,
      interfaceEndpoints: [...missing.entries()].map(([name, m]) => ({
        serviceName: serviceName(name), privateDnsEnabled: true, subnetIds, neededBy: m.neededBy,
      })),
      gatewayEndpoints: this.gateways.missing.filter((g) => !context.isWaived(g)).map((g) => ({
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
      endpointPolicyStatements: this.requestedStatements(borrowed).map((e) => ({
        endpoint: e.endpoint,
        statements: e.statements.map((s) => stack.resolve(s.toStatementJson())),
        why: 'needed if the endpoint\'s policy restricts principals or resources (a data perimeter): the workloads use these outside the trusted accounts',
      })),
    }, knownPseudoParameters(stack)) as NetworkRequest;
  }

  /** The synth-time errors for the workloads, a summary, and a warning when no rule lets the tasks reach the endpoints. */
  public problems(context: CheckContext): string[] {
    if (this.lookupPending) {
      // An error here would stop the CLI before it answers the lookups; the next synth checks.
      Annotations.of(this.host).addInfo(`${this.subject}: the VPC or its endpoints are being looked up; the checks run once the CLI has the answer.`);
      return [];
    }
    this.summarize(context);
    const isWaived = (name: string) => context.isWaived(name);
    const problems = workloadMessages(this.network.wording(this.whyNotCreate), context.workloads, (s) => this.has(s), isWaived);
    for (const name of this.gateways.missing) {
      if (isWaived(name) || (name === 's3' && this.registry.has(new ec2.InterfaceVpcEndpointAwsService('s3')))) continue;
      problems.push(this.missingGatewayProblem(name));
    }
    if (!this.groups.known && context.workloads.length > 0 && this.registry.names.some((n) => !this.registry.byShortName(n)?.created)) {
      Annotations.of(this.host).addWarningV2('isolated-ecs-constructs:endpoint-group-unknown',
        `${this.subject}: the security groups of the VPC's interface endpoints are unknown, so this stack cannot let its tasks in. The endpoints must `
        + `admit TCP 443 from the task subnets (${this.network.subnets.map((s) => subnetCidr(Stack.of(this.host), s)).join(', ')}), or the tasks hang in PENDING. `
        + 'Pass the group: endpointSecurityGroup: ec2.SecurityGroup.fromSecurityGroupId(this, \'Endpoints\', \'sg-...\'), or ask the network\'s owner (vpc.networkRequest()).');
    }
    problems.push(...this.policySizeProblems());
    return problems;
  }

  protected createdGateway(name: GatewayName): ec2.GatewayVpcEndpoint | undefined {
    return this.gateways.created(name);
  }

  private useGateway(name: GatewayName): IDependable {
    this.scanApp();
    return this.gateways.use(name, this.network.createMissing, () => this.statementsFor('dynamodb'));
  }

  // The declared and central endpoints: each service once, since a VPC resolves its private DNS name to one place.
  private declare(): void {
    const seen = new Map<string, string>();
    const claim = (service: ec2.InterfaceVpcEndpointAwsService, list: string, origin: string) => {
      const key = endpointKey(this.host, service.name);
      const earlier = seen.get(key);
      if (earlier) {
        this.subject.fail(`endpoint '${shortNameOf(service)}' is listed twice (in ${earlier}${earlier === list ? ' again' : ` and in ${list}`}). `
          + 'A VPC resolves a service\'s private DNS name to one place: list each service once, in endpoints if its endpoint is in the VPC, '
          + 'in centralEndpoints if a private hosted zone or Route 53 Profile serves it.');
      }
      seen.set(key, list);
      this.registry.register(service, { shortName: service.shortName, origin });
    };
    for (const service of this.network.declaredInterfaces) claim(service, 'endpoints', 'declared');
    for (const service of this.network.central) claim(service, 'centralEndpoints', 'central');
  }

  // What the owner's policies must allow, for the endpoints the workloads use and this stack did not create.
  private requestedStatements(borrowed: string[]) {
    const statements = borrowed
      .map((name) => ({ endpoint: name, statements: this.statementsFor(name) }))
      .filter((e) => e.statements.length > 0);
    const buckets = this.gateways.bucketStatements();
    if (!this.gateways.created('s3') && buckets.length > 0) statements.push({ endpoint: 's3', statements: buckets });
    if (!this.gateways.created('dynamodb') && this.statementsFor('dynamodb').length > 0) {
      statements.push({ endpoint: 'dynamodb', statements: this.statementsFor('dynamodb') });
    }
    return statements;
  }

  private missingGatewayProblem(name: GatewayName): string {
    const s3 = name === 's3';
    return `${this.subject}: ${s3 ? 'its workloads pull images from ECR, whose layers come from S3' : 'its workloads call DynamoDB'}, `
      + `but no ${name} gateway endpoint is declared for the VPC, so ${s3 ? 'tasks stop in PENDING with CannotPullContainerError' : 'those calls time out'}. `
      + `If the VPC has one on the task subnets' route tables, declare it: gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.${s3 ? 'S3' : 'DYNAMODB'}]; `
      + `otherwise ask the network's owner for it (vpc.networkRequest() lists it)${this.whyNotCreate ? '' : ', or let this stack create it: createMissingEndpoints: true'}.`;
  }

  private summarize(context: CheckContext): void {
    const request = this.request(context);
    const vpcId = this.host.vpcId;
    const created = this.registry.created.length + this.gateways.createdCount;
    Annotations.of(this.host).addInfo(`${this.subject}: uses ${Token.isUnresolved(vpcId) ? 'an existing VPC' : vpcId} with interface endpoints `
      + `${[...this.names].sort().join(', ') || 'none'} (${created} created by this stack). `
      + (isEmpty(request) ? 'Nothing to ask of the network\'s owner.'
        : `Network request for its owner (${summarize(request)}), from vpc.networkRequest(): ${JSON.stringify(request)}`));
  }

  /** Where each endpoint the stack did not create comes from, for the explanations. */
  private origins(): Map<string, string> {
    const describe = (origin: string) => origin === 'declared' ? 'in the VPC already (declared)'
      : origin === 'central' ? 'served centrally, through a private hosted zone or a Route 53 Profile (centralEndpoints)'
        : origin.startsWith('found ') ? `in the VPC already (${origin.slice('found '.length)}, found by the lookup)` : `created ${origin}`;
    const origins = new Map<string, string>();
    for (const name of this.registry.names) {
      const origin = this.registry.byShortName(name)?.origin;
      if (origin) origins.set(name, describe(origin));
    }
    for (const [name, origin] of this.gateways.origins(describe)) origins.set(name, origin);
    return origins;
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

  // Endpoints another stack of this app creates in the VPC count as present.
  private scanApp(): void {
    if (this.scanned) return;
    this.scanned = true;
    const own = (paths: string[]) => paths.every((p) => p.startsWith(`${this.host.node.path}/`));
    for (const [key, paths] of scanEndpoints(this.host, 'Interface')) {
      const short = shortNameOfKey(key);
      if (!short || own(paths)) continue;
      const service = new ec2.InterfaceVpcEndpointAwsService(short);
      if (!this.registry.has(service)) this.registry.register(service, { shortName: short, origin: `in this app ('${paths[0]}')` });
    }
    for (const [key, paths] of scanEndpoints(this.host, 'Gateway')) {
      const name = shortNameOfKey(key);
      if (name && !own(paths)) this.gateways.found(name, `in this app ('${paths[0]}')`);
    }
  }
}

function knownPseudoParameters(stack: Stack): Record<string, string | undefined> {
  const region = Token.isUnresolved(stack.region) ? undefined : stack.region;
  return {
    'AWS::Region': region,
    'AWS::AccountId': Token.isUnresolved(stack.account) ? undefined : stack.account,
    'AWS::Partition': region ? partitionOf(region) : undefined,
  };
}

// An imported subnet without its CIDR block throws when asked for it.
function subnetCidr(stack: Stack, subnet: ec2.ISubnet): unknown {
  try {
    return stack.resolve(subnet.ipv4CidrBlock);
  } catch {
    return `<CIDR block of ${stack.resolve(subnet.subnetId)}>`;
  }
}
