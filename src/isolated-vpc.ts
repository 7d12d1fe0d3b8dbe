import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct, IDependable } from 'constructs';
import { ExistingIsolatedVpc } from './adopted/existing-isolated-vpc';
import { ExistingIsolatedVpcProps } from './adopted/existing-isolated-vpc-props';
import { ExistingIsolatedVpcLookupOptions, lookupExistingVpc } from './adopted/lookup-existing';
import { checkS3BucketGrant } from './endpoints/bucket-grant';
import { ECR_ENDPOINTS, PerimeterExceptions } from './endpoints/exceptions';
import { EndpointExplanation } from './endpoints/explanation';
import { endpointConstructId, endpointKey, shortNameOf } from './endpoints/names';
import {
  AwsOwnedBuckets, awsOwnedBucketStatements, declaredBucketStatements, dynamoDbGatewayStatements, interfaceEndpointStatements, s3GatewayStatements,
} from './endpoints/perimeter';
import { EndpointPolicy } from './endpoints/policy';
import { policySizeProblems } from './endpoints/policy-size';
import { EndpointPreset } from './endpoints/preset';
import { EndpointRegistry } from './endpoints/registry';
import { duplicateEndpointMessages, scanPrivateDnsEndpoints } from './endpoints/scan';
import { checkServiceZones } from './endpoints/zones';
import { IIsolatedVpc } from './i-isolated-vpc';
import { ENDPOINT_PORTS } from './iam/action-rules';
import { guardDutyAgentRepositories } from './images/guardduty-agent';
import { markIsolatedVpc } from './isolated-vpc-kind';
import { isolatedVpcLayout, warnAboutCidr } from './isolated-vpc-layout';
import { IsolatedVpcProps } from './isolated-vpc-props';
import { JobOptions } from './jobs/job-options';
import { callStack, missingSubnetsProblem } from './porting/subnet-requests';
import { joinEndpointClients } from './service/endpoint-clients';
import { grantLogsServiceUse } from './service/log-encryption';
import { SharedEndpointsReference } from './shared/reference';
import { SharedEndpoints } from './shared/shared-endpoints';
import { joinHub, profileAssociationsOf, referenceProblem, SpokeOfHub } from './shared/spoke';
import { watchWorkloads, workloadsOf } from './workloads/aspect';
import { ownedVpcWording, workloadMessages } from './workloads/checks';
import { explainEndpoints } from './workloads/explain';
import { HostDeclarations } from './workloads/host-declarations';
import { ResourceGrant } from './workloads/role-calls';

const ISOLATED_VPC_SYMBOL = Symbol.for('isolated-ecs-constructs.IsolatedVpc');
const HTTPS = ec2.Port.tcp(443);
const HOURS_PER_MONTH = 730;


/**
 * A VPC with private isolated subnets only (no internet gateway, no NAT, no public IP), the S3
 * gateway endpoint, and the PrivateLink interface endpoints that container workloads need.
 *
 * Interface endpoints share one security group that accepts TCP 443 from one client security
 * group. `grantEndpointAccess()` adds workloads to that client group, so the endpoint group's
 * rules stay the same however many services use the VPC.
 *
 * @example
 * const vpc = new IsolatedVpc(this, 'Vpc', { endpoints: EndpointPreset.FARGATE });
 * vpc.addEndpoint(ec2.InterfaceVpcEndpointAwsService.SQS);
 */
export class IsolatedVpc extends ec2.Vpc implements IIsolatedVpc {
  /**
   * Whether `x` is an `IsolatedVpc`, also across copies of this library.
   */
  public static isIsolatedVpc(x: any): x is IsolatedVpc {
    return x !== null && typeof x === 'object' && ISOLATED_VPC_SYMBOL in x;
  }

  /**
   * Adopts an isolated VPC the app does not own (a landing zone's, a platform team's), so that
   * `PrivateFargateService` runs in it and every check works: the endpoints each workload needs,
   * the data perimeter, the explanations. What the library cannot change in the network becomes one
   * request for its owner: `networkRequest()`.
   *
   * @param scope the scope of what this stack adds to the VPC (a client security group, rules, endpoints)
   * @param id the id of the adopted VPC
   * @param props the VPC and what it already has
   */
  public static fromExistingVpc(scope: Construct, id: string, props: ExistingIsolatedVpcProps): ExistingIsolatedVpc {
    return new ExistingIsolatedVpc(scope, id, props);
  }

  /**
   * Looks up an existing VPC (`ec2.Vpc.fromLookup`) and its endpoints (through Cloud Control, cached
   * in `cdk.context.json`), and adopts it as `fromExistingVpc` does. Needs a stack with an explicit
   * account and region.
   *
   * @param scope the scope of what this stack adds to the VPC
   * @param id the id of the adopted VPC
   * @param options how to find the VPC, and what to adopt it with
   */
  public static lookupExisting(scope: Construct, id: string, options: ExistingIsolatedVpcLookupOptions): ExistingIsolatedVpc {
    return lookupExistingVpc(scope, id, options);
  }


  /**
   * The preset the VPC was created with.
   */
  public readonly endpointPreset: EndpointPreset;

  /**
   * The data perimeter applied to the endpoints.
   */
  public readonly endpointPolicy: EndpointPolicy;

  /**
   * Whether the VPC creates the interface endpoints its workloads need at synth (`EndpointPreset.AUTO`).
   */
  public readonly derivesEndpoints: boolean;

  /**
   * Whether the GuardDuty Runtime Monitoring agent sidecar may be pulled through the data perimeter.
   */
  public readonly guardDutyRuntimeMonitoring: boolean;

  /**
   * The S3 gateway endpoint, on the route table of every isolated subnet.
   */
  public readonly s3Endpoint: ec2.GatewayVpcEndpoint;

  /**
   * The security group shared by the interface endpoints: TCP 443 in from
   * `endpointClientSecurityGroup`, nothing else.
   */
  public readonly endpointSecurityGroup: ec2.SecurityGroup;

  /**
   * The security group that marks a workload as an endpoint client. It holds no ingress
   * rules, so attaching it to many workloads opens nothing between them.
   */
  public readonly endpointClientSecurityGroup: ec2.SecurityGroup;

  /**
   * What the app told the VPC that the template does not show: calls, jobs, waived endpoints.
   *
   * @internal
   */
  public readonly _declarations: HostDeclarations;

  private readonly registry = new EndpointRegistry(this);
  private readonly hub?: SpokeOfHub;
  /** @internal */
  public readonly _cidr: string;
  private dynamoDbGateway?: ec2.GatewayVpcEndpoint;
  private readonly grantedClients = new Set<ec2.IConnectable>();
  private readonly endpointHourlyPrice: number;
  /**
   * The GuardDuty agent repositories the sidecar is pulled from, when the VPC lets it through.
   *
   * @internal
   */
  public readonly _guardDutyAgentRepositories?: string[];
  // What the perimeter lets through for the workloads: other accounts' images and granted resources.
  private readonly exceptions: PerimeterExceptions;
  private readonly awsOwnedBuckets = new Set<AwsOwnedBuckets>();
  private readonly lookupZones: boolean;

  constructor(scope: Construct, id: string, props: IsolatedVpcProps = {}) {
    super(scope, id, isolatedVpcLayout(scope, id, props));
    Object.defineProperty(this, ISOLATED_VPC_SYMBOL, { value: true });
    markIsolatedVpc(this);
    this._declarations = new HostDeclarations(`IsolatedVpc '${this.node.path}'`, (warning, message) => Annotations.of(this).addWarningV2(warning, message));
    this.exceptions = new PerimeterExceptions(this, props.endpointPolicy ?? EndpointPolicy.ACCOUNT);

    this.endpointPreset = props.endpoints ?? EndpointPreset.FARGATE;
    this.endpointPolicy = props.endpointPolicy ?? EndpointPolicy.ACCOUNT;
    this.derivesEndpoints = this.endpointPreset === EndpointPreset.AUTO;
    this.lookupZones = props.lookupEndpointAvailabilityZones ?? false;
    if (this.lookupZones && (Token.isUnresolved(Stack.of(this).account) || Token.isUnresolved(Stack.of(this).region))) {
      throw new Error(`IsolatedVpc '${this.node.path}': lookupEndpointAvailabilityZones needs a stack with an explicit account and region, `
        + 'since it looks the zones up in that account. Give the stack env: { account, region }, or leave lookupEndpointAvailabilityZones out.');
    }
    this._guardDutyAgentRepositories = guardDutyAgentRepositories(this, `IsolatedVpc '${this.node.path}'`, props.guardDutyRuntimeMonitoring);
    this.guardDutyRuntimeMonitoring = this._guardDutyAgentRepositories !== undefined;
    this.endpointHourlyPrice = props.endpointHourlyPrice ?? 0.01;
    if (!(this.endpointHourlyPrice >= 0)) {
      throw new Error(`IsolatedVpc '${this.node.path}': endpointHourlyPrice ${props.endpointHourlyPrice} is not a price. Use the hourly price of one endpoint in one AZ in US dollars, such as 0.01 (the default).`);
    }

    this.s3Endpoint = this.addGatewayEndpoint('S3Endpoint', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    for (const statement of s3GatewayStatements(this, this.endpointPolicy)) this.s3Endpoint.addToPolicy(statement);

    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this,
      description: 'Interface VPC endpoints: HTTPS from endpoint clients only',
      allowAllOutbound: false,
    });
    this.endpointClientSecurityGroup = new ec2.SecurityGroup(this, 'EndpointClientSecurityGroup', {
      vpc: this,
      description: 'Endpoint clients: may reach the interface VPC endpoints on HTTPS',
      allowAllOutbound: false,
    });
    this.endpointClientSecurityGroup.connections.allowTo(this.endpointSecurityGroup, HTTPS, 'HTTPS to the interface VPC endpoints');
    // The S3 gateway is reached through the route tables at S3's public addresses, whose prefix list
    // ID CloudFormation cannot look up; there is no route to the internet, so this reaches S3 only.
    this.endpointClientSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), HTTPS, 'HTTPS to S3 through the gateway endpoint');

    if (props.flowLogs ?? true) this.addDefaultFlowLog(props);

    this._cidr = props.cidr ?? '10.0.0.0/16';
    if (props.sharedEndpoints) this.hub = this.joinHub(props.sharedEndpoints, props.associateSharedEndpointsProfile ?? true);
    for (const service of this.endpointPreset.services) {
      if (!this.hub?.serves(service.shortName)) this.addEndpoint(service);
    }

    warnAboutCidr(this, this._cidr);
    if (this.availabilityZones.length === 1) {
      Annotations.of(this).addWarningV2(
        'isolated-ecs-constructs:single-az',
        `IsolatedVpc '${this.node.path}' uses one Availability Zone: its subnets and endpoints are not highly available. Fine for development; use maxAzs: 2 or more in production.`,
      );
    }

    watchWorkloads(this);
    this.node.addValidation({ validate: () => this.validateWorkloads() });
  }

  /**
   * Selects subnets as `ec2.Vpc` does, but a request for public or egress subnets, which an isolated
   * VPC has none of, fails with an error that names what asked (where the call stack shows it) and
   * the setting that fixes it, instead of aws-cdk-lib's "There are no 'Public' subnet groups".
   */
  public selectSubnets(selection: ec2.SubnetSelection = {}): ec2.SelectedSubnets {
    const problem = missingSubnetsProblem(this.node.path, selection, callStack);
    if (problem) throw new Error(problem);
    return super.selectSubnets(selection);
  }

  /**
   * The fixed monthly price of the interface endpoints (730 hours), at `endpointHourlyPrice`
   * per endpoint per AZ. With `EndpointPreset.AUTO`, complete once the app is synthesized.
   */
  public estimateMonthlyEndpointCost(): number {
    return Math.round(this.registry.created.length * this.availabilityZones.length * this.endpointHourlyPrice * HOURS_PER_MONTH * 100) / 100;
  }

  private joinHub(reference: SharedEndpointsReference, associate: boolean): SpokeOfHub {
    const where = `IsolatedVpc '${this.node.path}'`;
    const problem = referenceProblem(reference, this._cidr);
    if (problem) throw new Error(`${where}: sharedEndpoints: ${problem}`);
    const hub = SharedEndpoints._ofProfile(this, reference.profileId);
    const unknown = hub ? reference.services.filter((name) => !hub.services.includes(name)) : [];
    if (hub && unknown.length > 0) {
      throw new Error(`${where}: sharedEndpoints lists ${unknown.map((n) => `'${n}'`).join(', ')}, which hub '${hub.node.path}' does not serve `
        + `(it serves ${hub.services.join(', ')}). Pass the hub's reference as it is (sharedEndpoints: hub.reference), or add the services to the hub.`);
    }
    const spoke = new SpokeOfHub(where, reference);
    for (const name of reference.services) this.registry.register(new ec2.InterfaceVpcEndpointAwsService(name), { shortName: name, origin: 'hub' });
    joinHub(this, reference, associate);
    return spoke;
  }

  // A VPC takes one Route 53 Profile; a second association fails at deploy. Also warns of exceptions the hub may lack.
  private profileProblems(): string[] {
    const uncovered = this.hub!.uncoveredExceptions(this.exceptions.pullSources, this.exceptions.grantEndpoints);
    if (uncovered) Annotations.of(this).addWarningV2('isolated-ecs-constructs:hub-exceptions', uncovered);
    const associations = profileAssociationsOf(this);
    if (associations.length <= 1) return [];
    return [`IsolatedVpc '${this.node.path}': ${associations.length} Route 53 Profile associations (${associations.map((p) => `'${p}'`).join(', ')}), `
      + 'but a VPC takes one Profile, so CloudFormation would fail the second. Keep the hub\'s: remove the other association, or add its resources to the hub\'s Profile.'];
  }

  private addDefaultFlowLog(props: IsolatedVpcProps): void {
    let destination: ec2.FlowLogDestination;
    if (props.flowLogBucket) {
      destination = ec2.FlowLogDestination.toS3(props.flowLogBucket);
    } else {
      if (props.logEncryptionKey) grantLogsServiceUse(props.logEncryptionKey);
      const logGroup = new logs.LogGroup(this, 'FlowLogGroup', {
        retention: props.flowLogRetention ?? logs.RetentionDays.ONE_YEAR,
        encryptionKey: props.logEncryptionKey,
      });
      destination = ec2.FlowLogDestination.toCloudWatchLogs(logGroup);
    }
    this.addFlowLog('FlowLog', { destination, trafficType: ec2.FlowLogTrafficType.ALL });
  }

  private validateWorkloads(): string[] {
    const scan = scanPrivateDnsEndpoints(this);
    const azs = this.availabilityZones.length;
    const why = this.explainEndpoints().filter((e) => e.present && e.reasons.length > 0)
      .map((e) => `${e.endpoint}: ${e.reasons[0]}${e.reasons.length > 1 ? ` (+${e.reasons.length - 1} more)` : ''}`);
    const local = this.registry.created.map((e) => e.name);
    Annotations.of(this).addInfo(
      `IsolatedVpc '${this.node.path}': ${local.length} interface endpoints (${[...local].sort().join(', ') || 'none'}) in ${azs} AZ${azs === 1 ? '' : 's'} `
      + `cost $${this.estimateMonthlyEndpointCost().toFixed(2)} a month at $${this.endpointHourlyPrice} per endpoint per AZ per hour, plus data processed; `
      + `${this.hub ? `${this.hub.summary(azs, this.endpointHourlyPrice, HOURS_PER_MONTH)}; ` : ''}`
      + `the gateway endpoints are free. Why each endpoint is there: ${why.join(' | ')}`,
    );
    return [
      ...duplicateEndpointMessages(this, scan),
      ...workloadMessages(ownedVpcWording(this.node.path, this.endpointPreset.name, this.hub !== undefined), workloadsOf(this),
        (service) => scan.has(endpointKey(this, service.name)) || this.registry.has(service), (name) => this._declarations.isWaived(name)),
      ...(this.hub ? this.profileProblems() : []),
      ...policySizeProblems(`IsolatedVpc '${this.node.path}'`, [
        ...this.registry.created,
        { name: 's3', endpoint: this.s3Endpoint },
        ...(this.dynamoDbGateway ? [{ name: 'dynamodb', endpoint: this.dynamoDbGateway }] : []),
      ], (name) => this.exceptions.resourceCount(name)),
    ];
  }

  /**
   * Why each endpoint of the VPC is there, and why endpoints that the workloads' roles point to
   * are not (waived, or not needed). Complete once the app is synthesized.
   */
  public explainEndpoints(): EndpointExplanation[] {
    return explainEndpoints({
      presetName: this.endpointPreset.name,
      presetServices: this.endpointPreset.services.map((s) => s.shortName),
      interfaceEndpoints: this.endpointNames,
      gatewayEndpoints: ['s3', ...(this.dynamoDbGateway ? ['dynamodb'] : [])],
      waivers: this._declarations.waivers,
      workloads: workloadsOf(this),
      origins: this.hub?.origins(),
    });
  }

  /**
   * What the network's owner must change: nothing, since the app owns this VPC, except, in a spoke
   * of shared endpoints, the statements the hub's endpoint policies must allow for this spoke's
   * workloads. The same JSON as `ExistingIsolatedVpc.networkRequest()`.
   */
  public networkRequest(): string {
    const stack = Stack.of(this);
    return JSON.stringify({
      vpcId: stack.resolve(this.vpcId),
      region: stack.resolve(stack.region),
      requestedBy: stack.stackName,
      interfaceEndpoints: [],
      gatewayEndpoints: [],
      securityGroupRules: [],
      // A spoke cannot write the hub's policies: what its workloads need there is asked of the hub's owner.
      endpointPolicyStatements: [...this.hub?.services ?? []]
        .map((name) => ({ endpoint: name, statements: this.exceptions.statementsFor(name).map((st) => stack.resolve(st.toStatementJson())) }))
        .filter((e) => e.statements.length > 0)
        .map((e) => ({ ...e, why: `the hub's endpoint (${this.hub!.label}) must allow these for this spoke's workloads` })),
    }, undefined, 2);
  }

  /**
   * Declares calls that a workload's code makes but its role's policies do not show: calls made
   * with credentials of an assumed role, through a managed policy attached by ARN, or by an
   * imported role. The VPC treats them as it treats grants: `EndpointPreset.AUTO` creates the
   * endpoints they need, and a fixed preset that lacks one fails synth.
   *
   * @param workload the construct whose code makes the calls (a service, a function), named in messages
   * @param actions IAM actions, such as `sqs:SendMessage` or `dynamodb:*`
   * @param reason why the policies do not show them, shown by `explainEndpoints()`
   */
  public declareCalls(workload: IConstruct, actions: string[], reason: string): void {
    this._declarations.declareCalls(workload, actions, reason);
  }

  /**
   * Declares a job: a task definition that the app's own code starts with `ecs:RunTask` (a Lambda
   * function, a pipeline, a CLI), which the template does not show. The VPC treats its tasks as it
   * treats a service's: `EndpointPreset.AUTO` creates the endpoints they need, a fixed preset that
   * lacks one fails synth, the GuardDuty agent may be pulled, and the endpoints admit the security
   * groups the code passes. Jobs started by EventBridge rules, EventBridge Scheduler and Step
   * Functions are found without this.
   *
   * The code must start the tasks in `vpc.isolatedSubnets` with `assignPublicIp: DISABLED`, and pass
   * `vpc.endpointClientSecurityGroup` (or the groups given here) as security groups.
   *
   * @param taskDefinition the task definition the code runs
   * @param options how the code runs it
   */
  public addJob(taskDefinition: ecs.TaskDefinition, options: JobOptions = {}): void {
    this._declarations.addJob(taskDefinition, options);
  }

  /**
   * Says that the workloads reach a service some other way than through an endpoint of this VPC
   * (a proxy, another VPC's endpoint shared through a private hosted zone), so the VPC neither
   * creates its endpoint nor fails synth without it.
   *
   * @param endpoint the endpoint's short name, such as `sns`, `dynamodb` or `iam`
   * @param reason how the workloads reach the service instead, shown by `explainEndpoints()`
   */
  public waiveEndpoint(endpoint: string, reason: string): void {
    this._declarations.waiveEndpoint(endpoint, reason);
  }

  /** @internal */
  public get _s3Gateway(): IDependable {
    return this.s3Endpoint;
  }

  /** @internal */
  public _useDynamoDbGateway(): IDependable {
    return this.addDynamoDbEndpoint();
  }

  /** @internal */
  public _admitToEndpoints(peer: ec2.IPeer, description: string): void {
    this.endpointSecurityGroup.addIngressRule(peer, HTTPS, description);
  }

  /**
   * The DynamoDB gateway endpoint, if the VPC has one.
   */
  public get dynamoDbEndpoint(): ec2.GatewayVpcEndpoint | undefined {
    return this.dynamoDbGateway;
  }

  /**
   * Adds the DynamoDB gateway endpoint (free) to the route table of every isolated subnet, with
   * the data-perimeter policy. Idempotent. The VPC adds it by itself, whatever the preset, when a
   * workload's role may call DynamoDB.
   */
  public addDynamoDbEndpoint(): ec2.GatewayVpcEndpoint {
    if (this.dynamoDbGateway) return this.dynamoDbGateway;
    this.dynamoDbGateway = this.addGatewayEndpoint('DynamoDbEndpoint', {
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    for (const statement of [...dynamoDbGatewayStatements(this, this.endpointPolicy), ...this.exceptions.statementsFor('dynamodb')]) {
      this.dynamoDbGateway.addToPolicy(statement);
    }
    return this.dynamoDbGateway;
  }

  /**
   * Adds a private-DNS interface endpoint for `service` in every isolated subnet, behind the
   * shared endpoint security group. Idempotent: when the VPC already has a private-DNS
   * endpoint for `service`, that endpoint is returned and nothing is added.
   */
  public addEndpoint(service: ec2.InterfaceVpcEndpointAwsService): ec2.InterfaceVpcEndpoint {
    const existing = this.findEndpoint(service);
    if (existing) return existing;
    if (this.hub?.serves(service.shortName)) throw new Error(this.hub.localEndpointProblem(service.shortName));
    if (this.lookupZones) checkServiceZones(this, service);
    const endpoint = this.addInterfaceEndpoint(endpointConstructId(service), {
      service,
      privateDnsEnabled: true,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.endpointSecurityGroup],
      open: false,
      lookupSupportedAzs: this.lookupZones,
    });
    for (const statement of interfaceEndpointStatements(this, this.endpointPolicy, service.shortName)) endpoint.addToPolicy(statement);
    for (const statement of this.exceptions.statementsFor(service.shortName)) endpoint.addToPolicy(statement);
    // SES SMTP is reached on the SMTP ports, not on 443.
    for (const port of ENDPOINT_PORTS[service.shortName] ?? []) {
      this.endpointClientSecurityGroup.connections.allowTo(this.endpointSecurityGroup, ec2.Port.tcp(port), `SMTP to the ${service.shortName} endpoint`);
    }
    return endpoint;
  }

  /** @internal */
  public _ensureEndpoint(service: ec2.InterfaceVpcEndpointAwsService): void {
    if (!this.registry.has(service)) this.addEndpoint(service);
  }

  /**
   * Lets trusted principals use a bucket outside the trusted accounts through the S3 gateway
   * endpoint (the trusted accounts' own buckets are allowed already).
   *
   * @param bucketName the bucket's name
   * @param actions the S3 actions to allow, such as `s3:GetObject`
   */
  public allowS3Bucket(bucketName: string, actions: string[]): void {
    checkS3BucketGrant(`IsolatedVpc '${this.node.path}': allowS3Bucket('${bucketName}')`, bucketName, actions);
    for (const statement of declaredBucketStatements(this, this.endpointPolicy, bucketName, actions)) this.s3Endpoint.addToPolicy(statement);
  }

  /**
   * Lets trusted principals pull (and only pull) images of repositories in other accounts through
   * the ECR endpoints: AWS-owned images, or a shared registry. Idempotent per `source`.
   *
   * @internal
   */
  public _allowImagePull(source: string, repositoryArns: string[]): void {
    const statement = this.exceptions.allowImagePull(source, repositoryArns);
    if (statement) for (const name of ECR_ENDPOINTS) this.registry.addToCreatedPolicy(name, statement);
  }

  /**
   * Lets trusted principals act on the granted resources of other accounts through the endpoints
   * of their services (only the granted actions, only those resources).
   *
   * @returns why a grant cannot pass the data perimeter
   * @internal
   */
  public _allowResourceGrants(grants: ResourceGrant[]): string[] {
    const problems: string[] = [];
    for (const grant of grants) {
      if (this._declarations.isWaived(grant.endpoint)) continue;
      const { statement, problem } = this.exceptions.allowResourceGrant(grant);
      if (problem) problems.push(problem);
      if (!statement) continue;
      if (grant.endpoint === 'dynamodb') this.dynamoDbGateway?.addToPolicy(statement);
      else this.registry.addToCreatedPolicy(grant.endpoint, statement);
    }
    return problems;
  }

  /**
   * Lets the S3 gateway endpoint reach AWS-owned buckets that software in the VPC needs. Idempotent.
   *
   * @internal
   */
  public _allowAwsOwnedBuckets(buckets: AwsOwnedBuckets): void {
    if (this.awsOwnedBuckets.has(buckets)) return;
    this.awsOwnedBuckets.add(buckets);
    for (const statement of awsOwnedBucketStatements(this, this.endpointPolicy, buckets)) this.s3Endpoint.addToPolicy(statement);
  }

  /**
   * Adds an interface endpoint as `ec2.Vpc` does, but refuses a second private-DNS endpoint
   * for a service that already has one: CloudFormation would fail the deployment.
   */
  public addInterfaceEndpoint(id: string, options: ec2.InterfaceVpcEndpointOptions): ec2.InterfaceVpcEndpoint {
    const privateDns = options.privateDnsEnabled ?? options.service.privateDnsDefault ?? true;
    const existing = privateDns ? this.registry.get(options.service) : undefined;
    if (existing && !existing.created && this.hub) throw new Error(this.hub.localEndpointProblem(existing.shortName));
    if (existing) {
      throw new Error(
        `IsolatedVpc '${this.node.path}': addInterfaceEndpoint('${id}') would create a second private-DNS endpoint for '${existing.shortName}', `
        + `which '${existing.created?.node.path}' already provides. A VPC can have only one, and CloudFormation would fail the deployment. `
        + 'Use vpc.addEndpoint(service) or vpc.findEndpoint(service) to get the existing endpoint, or pass privateDnsEnabled: false.',
      );
    }
    const endpoint = super.addInterfaceEndpoint(id, options);
    if (privateDns) this.registry.register(options.service, { shortName: shortNameOf(options.service), created: endpoint });
    return endpoint;
  }

  /**
   * The private-DNS interface endpoint for `service`, if the VPC has one.
   */
  public findEndpoint(service: ec2.InterfaceVpcEndpointAwsService): ec2.InterfaceVpcEndpoint | undefined {
    return this.registry.get(service)?.created;
  }

  /**
   * Whether tasks in this VPC can reach `service` through a private-DNS interface endpoint.
   */
  public hasEndpoint(service: ec2.InterfaceVpcEndpointAwsService): boolean {
    return this.registry.has(service);
  }

  /**
   * The short names of the interface endpoints (such as `ecr.api`), in the order they were added.
   */
  public get endpointNames(): string[] {
    return this.registry.names;
  }

  /**
   * Something to depend on that stands for the endpoint of `service`, including when the
   * endpoint is added later. Makes a workload wait until its endpoints exist.
   */
  public endpointDependable(service: ec2.InterfaceVpcEndpointAwsService): IDependable {
    return this.registry.dependable(service);
  }

  /**
   * Lets `client` reach the interface endpoints on TCP 443.
   *
   * ECS services in awsvpc mode and Auto Scaling groups get `endpointClientSecurityGroup`
   * attached, which keeps the endpoint group's rule count constant. Anything else gets one
   * ingress rule from its own security groups.
   */
  public grantEndpointAccess(client: ec2.IConnectable): void {
    if (this.grantedClients.has(client)) return;
    this.grantedClients.add(client);
    const joined = joinEndpointClients(`IsolatedVpc '${this.node.path}'`, client, this.endpointClientSecurityGroup);
    if (!joined) this.endpointSecurityGroup.connections.allowFrom(client, HTTPS, 'HTTPS from an endpoint client');
  }
}
