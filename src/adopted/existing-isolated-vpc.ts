import { Resource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { aws_ec2 as ec2Refs } from 'aws-cdk-lib/interfaces';
import { Construct, DependencyGroup, IConstruct, IDependable } from 'constructs';
import { AdoptedEndpoints } from './adopted-endpoints';
import { checkAdoption } from './adoption-checks';
import { EndpointLookup } from './endpoint-lookup';
import { ExistingIsolatedVpcProps } from './existing-isolated-vpc-props';
import { chooseSubnets, selectAdoptedSubnets } from './subnet-choice';
import { adoptedVpcWording } from './wording';
import { Subject } from '../base/errors';
import { IIsolatedVpc } from '../core/i-isolated-vpc';
import { IsolationCore } from '../core/isolation-core';
import { markIsolatedVpc } from '../core/kind';
import { EndpointExplanation } from '../endpoints/explanation';
import { EndpointPolicy } from '../endpoints/policy';
import { JobOptions } from '../jobs/job-options';

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

  private readonly raw: ec2.IVpc;
  private readonly endpoints: AdoptedEndpoints;
  private readonly core: IsolationCore;

  constructor(scope: Construct, id: string, props: ExistingIsolatedVpcProps) {
    super(scope, id, { account: props.vpc.env.account, region: props.vpc.env.region });
    markIsolatedVpc(this);
    const subject = Subject.of(this, 'ExistingIsolatedVpc');
    const vpc = props.vpc;
    this.vpcId = vpc.vpcId;
    this.vpcArn = vpc.vpcArn;
    this.raw = vpc;
    // A VPC looked up for the first time is a dummy until the CLI answers: no checks on it yet.
    const lookupPending = (vpc as unknown as { incompleteSubnetDefinition?: boolean }).incompleteSubnetDefinition === true;
    this.isolatedSubnets = lookupPending ? [...vpc.isolatedSubnets, ...vpc.privateSubnets]
      : chooseSubnets(subject, vpc, props.subnets, props.privateSubnetsHaveNoInternetEgress ?? false);
    if (!lookupPending) checkAdoption(subject, this, props, this.isolatedSubnets);
    this.availabilityZones = [...new Set(this.isolatedSubnets.map((s) => s.availabilityZone))];
    this.endpointPolicy = props.endpointPolicy ?? EndpointPolicy.ACCOUNT;
    this.derivesEndpoints = props.createMissingEndpoints ?? false;

    this.endpointClientSecurityGroup = new ec2.SecurityGroup(this, 'EndpointClientSecurityGroup', {
      vpc: this,
      description: 'Endpoint clients: may reach the interface VPC endpoints and S3 on HTTPS',
      allowAllOutbound: false,
    });
    // The endpoints and the S3 gateway's public addresses; the subnets have no route to the internet.
    this.endpointClientSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), HTTPS, 'HTTPS to the VPC endpoints and to S3 through the gateway endpoint');
    this.endpoints = this.adoptEndpoints(subject, props);
    if (lookupPending) this.endpoints.markPending();
    this.core = new IsolationCore(this, {
      subject,
      endpoints: this.endpoints,
      clientGroup: this.endpointClientSecurityGroup,
      derivesEndpoints: this.derivesEndpoints,
      guardDutyRuntimeMonitoring: props.guardDutyRuntimeMonitoring,
      cidr: literalCidrOf(vpc),
    });
    this.guardDutyRuntimeMonitoring = this.core.guardDutyAgentRepositories !== undefined;
  }

  private adoptEndpoints(subject: Subject, props: ExistingIsolatedVpcProps): AdoptedEndpoints {
    const stack = Stack.of(this);
    const label = Token.isUnresolved(this.vpcId) ? 'an existing VPC' : this.vpcId;
    const region = Token.isUnresolved(stack.region) ? '<region>' : stack.region;
    return new AdoptedEndpoints(this, subject, {
      subnets: this.isolatedSubnets,
      policy: this.endpointPolicy,
      clientGroup: this.endpointClientSecurityGroup,
      declaredInterfaces: props.endpoints ?? [],
      declaredGateways: props.gatewayEndpoints ?? [],
      central: props.centralEndpoints ?? [],
      endpointGroup: props.endpointSecurityGroup,
      createMissing: this.derivesEndpoints,
      ownerAccount: props.vpcOwnerAccountId ?? props.vpc.env.account,
      region: props.vpc.env.region,
      wording: (refusal) => adoptedVpcWording(this.node.path, label, region, refusal),
    });
  }

  /**
   * Takes the endpoints found by a lookup.
   *
   * @internal
   */
  public _useLookup(lookup: EndpointLookup): void {
    if (lookup.pending) this.endpoints.markPending();
    else this.endpoints.addFound(lookup.endpoints);
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
    Subject.of(this, 'ExistingIsolatedVpc').fail('enableVpnGateway changes the routing of a network this app does not own. Ask its owner.');
  }

  /**
   * Refused: the network's routing is its owner's.
   */
  public addVpnConnection(id: string, _options: ec2.VpnConnectionOptions): ec2.VpnConnection {
    throw Subject.of(this, 'ExistingIsolatedVpc').error(`addVpnConnection('${id}') changes the routing of a network this app does not own. Ask its owner.`);
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
    return this.core.endpointNames;
  }

  public hasEndpoint(service: ec2.InterfaceVpcEndpointAwsService): boolean {
    return this.core.hasEndpoint(service);
  }

  /**
   * Creates, in this stack, a private-DNS interface endpoint for `service` in the task subnets,
   * unless the VPC has one already (declared, looked up, central, or of this app). Refused in a
   * VPC of another account or region.
   */
  public addEndpoint(service: ec2.InterfaceVpcEndpointAwsService): void {
    this.endpoints.create(service);
  }

  public endpointDependable(service: ec2.InterfaceVpcEndpointAwsService): IDependable {
    return this.core.endpointDependable(service);
  }

  /**
   * Lets `client` reach the interface endpoints on TCP 443: ECS services and Auto Scaling groups
   * get `endpointClientSecurityGroup`; anything else gets a rule on the endpoints' groups.
   */
  public grantEndpointAccess(client: ec2.IConnectable): void {
    this.core.grantEndpointAccess(client);
  }

  public allowS3Bucket(bucketName: string, actions: string[]): void {
    this.core.allowS3Bucket(bucketName, actions);
  }

  public declareCalls(workload: IConstruct, actions: string[], reason: string): void {
    this.core.declareCalls(workload, actions, reason);
  }

  public waiveEndpoint(endpoint: string, reason: string): void {
    this.core.waiveEndpoint(endpoint, reason);
  }

  public addJob(taskDefinition: ecs.TaskDefinition, options: JobOptions = {}): void {
    this.core.addJob(taskDefinition, options);
  }

  public explainEndpoints(): EndpointExplanation[] {
    return this.core.explainEndpoints();
  }

  /**
   * What the network's owner must change for the workloads, as JSON: the interface and gateway
   * endpoints to add, the rules the endpoints' security groups need, and the statements the
   * endpoints' policies must allow if they restrict principals or resources (AWS-owned images,
   * other accounts' repositories and resources, S3 carve-outs). Complete once the app is synthesized.
   */
  public networkRequest(): string {
    return this.core.networkRequest();
  }
}

// The block of an imported VPC, when it was imported with a literal one (an import without it throws).
function literalCidrOf(vpc: ec2.IVpc): string | undefined {
  try {
    return Token.isUnresolved(vpc.vpcCidrBlock) ? undefined : vpc.vpcCidrBlock;
  } catch {
    return undefined;
  }
}
