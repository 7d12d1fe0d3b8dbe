import { Annotations, Resource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { aws_ec2 as ec2Refs } from 'aws-cdk-lib/interfaces';
import { Construct, DependencyGroup, IConstruct, IDependable } from 'constructs';
import { AdoptedEndpoints } from './adopted-endpoints';
import { EndpointLookup } from './endpoint-lookup';
import { ExistingIsolatedVpcProps } from './existing-isolated-vpc-props';
import { isEmpty, summarize } from './network-request';
import { chooseSubnets, selectAdoptedSubnets } from './subnet-choice';
import { adoptedVpcWording } from './wording';
import { checkS3BucketGrant } from '../endpoints/bucket-grant';
import { EndpointExplanation } from '../endpoints/explanation';
import { AwsOwnedBuckets } from '../endpoints/perimeter';
import { EndpointPolicy } from '../endpoints/policy';
import { IIsolatedVpc } from '../i-isolated-vpc';
import { guardDutyAgentRepositories } from '../images/guardduty-agent';
import { markIsolatedVpc } from '../isolated-vpc-kind';
import { JobOptions } from '../jobs/job-options';
import { joinEndpointClients } from '../service/endpoint-clients';
import { watchWorkloads, workloadsOf } from '../workloads/aspect';
import { explainEndpoints } from '../workloads/explain';
import { HostDeclarations } from '../workloads/host-declarations';
import { ResourceGrant } from '../workloads/role-calls';

const HTTPS = ec2.Port.tcp(443);

/**
 * An isolated VPC the app does not own (a landing zone's, a platform team's), adopted so that
 * `PrivateFargateService` runs in it and every check of the library works: the endpoints each
 * workload needs, the data perimeter, the explanations. What the library cannot change in the
 * network becomes one request for its owner: `networkRequest()`.
 */
export class ExistingIsolatedVpc extends Resource implements IIsolatedVpc {
  public readonly vpcId: string;
  public readonly vpcArn: string;
  public readonly publicSubnets: ec2.ISubnet[] = [];
  public readonly privateSubnets: ec2.ISubnet[] = [];
  /** The subnets tasks run in. */
  public readonly isolatedSubnets: ec2.ISubnet[];
  public readonly availabilityZones: string[];
  public readonly internetConnectivityEstablished: IDependable = new DependencyGroup();
  public readonly endpointPolicy: EndpointPolicy;
  public readonly derivesEndpoints: boolean;
  public readonly guardDutyRuntimeMonitoring: boolean;

  /**
   * The security group that marks a workload as an endpoint client, in this stack. It holds no
   * ingress rules; the endpoints' groups admit it on 443.
   */
  public readonly endpointClientSecurityGroup: ec2.SecurityGroup;

  /** @internal */
  public readonly _declarations: HostDeclarations;
  /** @internal */
  public readonly _guardDutyAgentRepositories?: string[];

  private readonly raw: ec2.IVpc;
  private readonly endpoints: AdoptedEndpoints;
  private readonly grantedClients = new Set<ec2.IConnectable>();
  private lookupPending = false;

  constructor(scope: Construct, id: string, props: ExistingIsolatedVpcProps) {
    super(scope, id, { account: props.vpc.env.account, region: props.vpc.env.region });
    markIsolatedVpc(this);
    const where = `ExistingIsolatedVpc '${this.node.path}'`;
    const vpc = props.vpc;
    this.vpcId = vpc.vpcId;
    this.vpcArn = vpc.vpcArn;
    this.raw = vpc;
    // A VPC looked up for the first time is a dummy until the CLI answers: no checks on it yet.
    this.lookupPending = (vpc as unknown as { incompleteSubnetDefinition?: boolean }).incompleteSubnetDefinition === true;
    this.isolatedSubnets = this.lookupPending ? [...vpc.isolatedSubnets, ...vpc.privateSubnets]
      : chooseSubnets(where, vpc, props.subnets, props.privateSubnetsHaveNoInternetEgress ?? false);
    this.availabilityZones = [...new Set(this.isolatedSubnets.map((s) => s.availabilityZone))];
    this.endpointPolicy = props.endpointPolicy ?? EndpointPolicy.ACCOUNT;
    this.derivesEndpoints = props.createMissingEndpoints ?? false;
    this._declarations = new HostDeclarations(where, (warning, message) => Annotations.of(this).addWarningV2(warning, message));
    this._guardDutyAgentRepositories = guardDutyAgentRepositories(this, where, props.guardDutyRuntimeMonitoring);
    this.guardDutyRuntimeMonitoring = this._guardDutyAgentRepositories !== undefined;

    this.endpointClientSecurityGroup = new ec2.SecurityGroup(this, 'EndpointClientSecurityGroup', {
      vpc: this,
      description: 'Endpoint clients: may reach the interface VPC endpoints and S3 on HTTPS',
      allowAllOutbound: false,
    });
    // The endpoints and the S3 gateway's public addresses; the subnets have no route to the internet.
    this.endpointClientSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), HTTPS, 'HTTPS to the VPC endpoints and to S3 through the gateway endpoint');

    this.endpoints = new AdoptedEndpoints(this, where, {
      subnets: this.isolatedSubnets,
      policy: this.endpointPolicy,
      clientGroup: this.endpointClientSecurityGroup,
      declaredInterfaces: props.endpoints ?? [],
      declaredGateways: props.gatewayEndpoints ?? [],
      central: props.centralEndpoints ?? [],
      endpointGroup: props.endpointSecurityGroup,
      createMissing: this.derivesEndpoints,
      ownerAccount: props.vpcOwnerAccountId ?? vpc.env.account,
      region: vpc.env.region,
      waived: (name) => this._declarations.isWaived(name),
    });

    watchWorkloads(this);
    this.node.addValidation({ validate: () => this.validateWorkloads() });
  }

  /**
   * Takes the endpoints found by a lookup.
   *
   * @internal
   */
  public _useLookup(lookup: EndpointLookup): void {
    if (lookup.pending) {
      this.lookupPending = true;
      return;
    }
    this.endpoints.addFound(lookup.endpoints);
  }

  /**
   * The VPC's IPv4 CIDR block, where the adopted VPC knows it (a VPC imported without it throws).
   */
  public get vpcCidrBlock(): string {
    return this.raw.vpcCidrBlock;
  }

  /**
   * A reference to the VPC.
   */
  public get vpcRef(): ec2Refs.VPCReference {
    return { vpcId: this.vpcId };
  }

  /**
   * The VPN gateway: none, since the library does not change the network's routing.
   */
  public get vpnGatewayId(): string | undefined {
    return undefined;
  }

  /**
   * Selects among the subnets tasks run in (all of them isolated). A request for public or egress
   * subnets fails with an error that names what asked and the setting that fixes it.
   */
  public selectSubnets(selection: ec2.SubnetSelection = {}): ec2.SelectedSubnets {
    return selectAdoptedSubnets(this, selection);
  }

  /**
   * Refused: the network's routing is its owner's.
   */
  public enableVpnGateway(_options: ec2.EnableVpnGatewayOptions): void {
    throw new Error(`ExistingIsolatedVpc '${this.node.path}': enableVpnGateway changes the routing of a network this app does not own. Ask its owner.`);
  }

  /**
   * Refused: the network's routing is its owner's.
   */
  public addVpnConnection(id: string, _options: ec2.VpnConnectionOptions): ec2.VpnConnection {
    throw new Error(`ExistingIsolatedVpc '${this.node.path}': addVpnConnection('${id}') changes the routing of a network this app does not own. Ask its owner.`);
  }

  /**
   * Adds a Client VPN endpoint to the VPC, in this stack.
   */
  public addClientVpnEndpoint(id: string, options: ec2.ClientVpnEndpointOptions): ec2.ClientVpnEndpoint {
    return new ec2.ClientVpnEndpoint(this, id, { ...options, vpc: this });
  }

  /**
   * Adds a gateway endpoint to the VPC, in this stack. Prefer `createMissingEndpoints`, which
   * adds the gateways the workloads need with the data perimeter.
   */
  public addGatewayEndpoint(id: string, options: ec2.GatewayVpcEndpointOptions): ec2.GatewayVpcEndpoint {
    return new ec2.GatewayVpcEndpoint(this, id, { vpc: this, ...options });
  }

  /**
   * Adds an interface endpoint to the VPC, in this stack. Prefer `addEndpoint`, which adds the
   * data perimeter and the security group the tasks reach.
   */
  public addInterfaceEndpoint(id: string, options: ec2.InterfaceVpcEndpointOptions): ec2.InterfaceVpcEndpoint {
    return new ec2.InterfaceVpcEndpoint(this, id, { vpc: this, ...options });
  }

  /**
   * Adds a flow log of the VPC, in this stack.
   */
  public addFlowLog(id: string, options: ec2.FlowLogOptions = {}): ec2.FlowLog {
    return new ec2.FlowLog(this, id, { resourceType: ec2.FlowLogResourceType.fromVpc(this), ...options });
  }

  public get endpointNames(): string[] {
    return this.endpoints.names;
  }

  public hasEndpoint(service: ec2.InterfaceVpcEndpointAwsService): boolean {
    return this.endpoints.has(service);
  }

  /**
   * Creates, in this stack, a private-DNS interface endpoint for `service` in the task subnets,
   * unless the VPC has one already (declared, looked up, central, or of this app). Refused in a
   * VPC of another account or region.
   */
  public addEndpoint(service: ec2.InterfaceVpcEndpointAwsService): void {
    this.endpoints.create(service);
  }

  /**
   * Creates the endpoint where the workloads may have endpoints created for them; otherwise the
   * checks report it missing, with the request to the owner.
   *
   * @internal
   */
  public _ensureEndpoint(service: ec2.InterfaceVpcEndpointAwsService): void {
    if (this.derivesEndpoints) this.endpoints.create(service);
  }

  public endpointDependable(service: ec2.InterfaceVpcEndpointAwsService): IDependable {
    return this.endpoints.dependable(service);
  }

  /**
   * Lets `client` reach the interface endpoints on TCP 443: ECS services and Auto Scaling groups
   * get `endpointClientSecurityGroup`; anything else gets a rule on the endpoints' groups.
   */
  public grantEndpointAccess(client: ec2.IConnectable): void {
    if (this.grantedClients.has(client)) return;
    this.grantedClients.add(client);
    if (joinEndpointClients(`ExistingIsolatedVpc '${this.node.path}'`, client, this.endpointClientSecurityGroup)) return;
    for (const group of client.connections.securityGroups) this.endpoints.admit(ec2.Peer.securityGroupId(group.securityGroupId), 'HTTPS from an endpoint client');
  }

  public allowS3Bucket(bucketName: string, actions: string[]): void {
    checkS3BucketGrant(`ExistingIsolatedVpc '${this.node.path}': allowS3Bucket('${bucketName}')`, bucketName, actions);
    this.endpoints.allowBucket(bucketName, actions);
  }

  public declareCalls(workload: IConstruct, actions: string[], reason: string): void {
    this._declarations.declareCalls(workload, actions, reason);
  }

  public waiveEndpoint(endpoint: string, reason: string): void {
    this._declarations.waiveEndpoint(endpoint, reason);
  }

  public addJob(taskDefinition: ecs.TaskDefinition, options: JobOptions = {}): void {
    this._declarations.addJob(taskDefinition, options);
  }

  public explainEndpoints(): EndpointExplanation[] {
    return explainEndpoints({
      presetName: 'none (an existing VPC)',
      presetServices: [],
      interfaceEndpoints: this.endpoints.names,
      gatewayEndpoints: this.endpoints.gatewayNames,
      waivers: this._declarations.waivers,
      workloads: workloadsOf(this),
      origins: this.endpoints.origins,
    });
  }

  /**
   * What the network's owner must change for the workloads, as JSON: the interface and gateway
   * endpoints to add, the rules the endpoints' security groups need, and the statements the
   * endpoints' policies must allow if they restrict principals or resources (AWS-owned images,
   * other accounts' repositories and resources, S3 carve-outs). Complete once the app is synthesized.
   */
  public networkRequest(): string {
    return JSON.stringify(this.endpoints.request(workloadsOf(this)), undefined, 2);
  }

  /** @internal */
  public get _s3Gateway(): IDependable {
    return this.endpoints.gateway('s3');
  }

  /** @internal */
  public _useDynamoDbGateway(): IDependable {
    return this.endpoints.gateway('dynamodb');
  }

  /** @internal */
  public _admitToEndpoints(peer: ec2.IPeer, description: string): void {
    this.endpoints.admit(peer, description);
  }

  /** @internal */
  public _allowImagePull(source: string, repositoryArns: string[]): void {
    this.endpoints.allowImagePull(source, repositoryArns);
  }

  /** @internal */
  public _allowResourceGrants(grants: ResourceGrant[]): string[] {
    return this.endpoints.allowResourceGrants(grants.filter((g) => !this._declarations.isWaived(g.endpoint)));
  }

  /** @internal */
  public _allowAwsOwnedBuckets(buckets: AwsOwnedBuckets): void {
    this.endpoints.allowAwsOwnedBuckets(buckets);
  }

  private validateWorkloads(): string[] {
    const where = `ExistingIsolatedVpc '${this.node.path}'`;
    if (this.lookupPending) {
      // An error here would stop the CLI before it answers the lookups; the next synth checks.
      Annotations.of(this).addInfo(`${where}: the VPC or its endpoints are being looked up; the checks run once the CLI has the answer.`);
      return [];
    }
    const workloads = workloadsOf(this);
    const request = this.endpoints.request(workloads);
    Annotations.of(this).addInfo(`${where}: uses ${Token.isUnresolved(this.vpcId) ? 'an existing VPC' : this.vpcId} with interface endpoints `
      + `${[...this.endpoints.names].sort().join(', ') || 'none'} (${this.endpoints.createdCount} created by this stack). `
      + (isEmpty(request) ? 'Nothing to ask of the network\'s owner.'
        : `Network request for its owner (${summarize(request)}), from vpc.networkRequest(): ${JSON.stringify(request)}`));
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? '<region>' : stack.region;
    const label = Token.isUnresolved(this.vpcId) ? 'an existing VPC' : this.vpcId;
    return this.endpoints.problems(workloads, stack, adoptedVpcWording(this.node.path, label, region, this.endpoints.creationRefusal));
  }
}
