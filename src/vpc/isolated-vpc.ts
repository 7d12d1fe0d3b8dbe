import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct, IDependable } from 'constructs';
import { IsolatedVpcProps } from './isolated-vpc-props';
import { isolatedVpcLayout, warnAboutCidr } from './layout';
import { OwnedEndpoints } from './owned-endpoints';
import { ExistingIsolatedVpc } from '../adopted/existing-isolated-vpc';
import { ExistingIsolatedVpcProps } from '../adopted/existing-isolated-vpc-props';
import { ExistingIsolatedVpcLookupOptions, lookupExistingVpc } from '../adopted/lookup-existing';
import { Subject } from '../base/errors';
import { IIsolatedVpc } from '../core/i-isolated-vpc';
import { IsolationCore } from '../core/isolation-core';
import { markIsolatedVpc } from '../core/kind';
import { EndpointExplanation } from '../endpoints/explanation';
import { EndpointPolicy } from '../endpoints/policy';
import { EndpointPreset } from '../endpoints/preset';
import { grantLogsServiceUse } from '../iam/log-encryption';
import { JobOptions } from '../jobs/job-options';
import { callStack, missingSubnetsProblem } from '../porting/subnet-requests';
import { hubWithProfile } from '../shared/hub-record';
import { SharedEndpointsReference } from '../shared/reference';
import { hubRecordProblem, referenceProblem } from '../shared/spoke';

const ISOLATED_VPC_SYMBOL = Symbol.for('isolated-ecs-constructs.IsolatedVpc');


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

  private readonly endpoints: OwnedEndpoints;
  private readonly core: IsolationCore;
  private readonly endpointHourlyPrice: number;

  constructor(scope: Construct, id: string, props: IsolatedVpcProps = {}) {
    super(scope, id, isolatedVpcLayout(scope, id, props));
    Object.defineProperty(this, ISOLATED_VPC_SYMBOL, { value: true });
    markIsolatedVpc(this);
    const subject = Subject.of(this, 'IsolatedVpc');
    this.endpointPreset = props.endpoints ?? EndpointPreset.FARGATE;
    this.endpointPolicy = props.endpointPolicy ?? EndpointPolicy.ACCOUNT;
    this.derivesEndpoints = this.endpointPreset === EndpointPreset.AUTO;
    const lookupZones = props.lookupEndpointAvailabilityZones ?? false;
    this.endpointHourlyPrice = props.endpointHourlyPrice ?? 0.01;
    this.checkProps(subject, lookupZones, props.endpointHourlyPrice);
    this.endpoints = new OwnedEndpoints(this, subject, {
      preset: this.endpointPreset, policy: this.endpointPolicy, lookupZones, endpointHourlyPrice: this.endpointHourlyPrice,
    });
    this.core = new IsolationCore(this, {
      subject,
      endpoints: this.endpoints,
      clientGroup: this.endpoints.clientGroup,
      derivesEndpoints: this.derivesEndpoints,
      guardDutyRuntimeMonitoring: props.guardDutyRuntimeMonitoring,
      cidr: props.cidr ?? '10.0.0.0/16',
    });
    this.guardDutyRuntimeMonitoring = this.core.guardDutyAgentRepositories !== undefined;
    this.s3Endpoint = this.endpoints.s3Endpoint;
    this.endpointSecurityGroup = this.endpoints.endpointSecurityGroup;
    this.endpointClientSecurityGroup = this.endpoints.clientGroup;

    if (props.flowLogs ?? true) this.addDefaultFlowLog(props);

    const cidr = props.cidr ?? '10.0.0.0/16';
    if (props.sharedEndpoints) this.joinHub(subject, props.sharedEndpoints, cidr, props.associateSharedEndpointsProfile ?? true);
    this.endpoints.addPreset();

    warnAboutCidr(this, cidr);
    if (this.availabilityZones.length === 1) {
      Annotations.of(this).addWarningV2(
        'isolated-ecs-constructs:single-az',
        `${subject} uses one Availability Zone: its subnets and endpoints are not highly available. Fine for development; use maxAzs: 2 or more in production.`,
      );
    }
  }

  private checkProps(subject: Subject, lookupZones: boolean, endpointHourlyPrice: number | undefined): void {
    if (lookupZones && (Token.isUnresolved(Stack.of(this).account) || Token.isUnresolved(Stack.of(this).region))) {
      subject.fail('lookupEndpointAvailabilityZones needs a stack with an explicit account and region, '
        + 'since it looks the zones up in that account. Give the stack env: { account, region }, or leave lookupEndpointAvailabilityZones out.');
    }
    if (!(this.endpointHourlyPrice >= 0)) {
      subject.fail(`endpointHourlyPrice ${endpointHourlyPrice} is not a price. Use the hourly price of one endpoint in one AZ in US dollars, such as 0.01 (the default).`);
    }
  }

  /**
   * Selects subnets as `ec2.Vpc` does, but a request for public or egress subnets, which an isolated
   * VPC has none of, fails with an error that names what asked (where the call stack shows it) and
   * the setting that fixes it, instead of aws-cdk-lib's "There are no 'Public' subnet groups".
   */
  public selectSubnets(selection: ec2.SubnetSelection = {}): ec2.SelectedSubnets {
    const problem = missingSubnetsProblem(selection, callStack);
    if (problem) Subject.of(this, 'IsolatedVpc').fail(problem);
    return super.selectSubnets(selection);
  }

  /**
   * The fixed monthly price of the interface endpoints (730 hours), at `endpointHourlyPrice`
   * per endpoint per AZ. With `EndpointPreset.AUTO`, complete once the app is synthesized.
   */
  public estimateMonthlyEndpointCost(): number {
    return this.endpoints.monthlyCost;
  }

  private joinHub(subject: Subject, reference: SharedEndpointsReference, cidr: string, associate: boolean): void {
    const problem = referenceProblem(reference, cidr);
    if (problem) subject.fail(`sharedEndpoints: ${problem}`);
    const hub = hubWithProfile(this, reference.profileId);
    const stack = Stack.of(this);
    const hubProblem = hub ? hubRecordProblem(hub, { region: stack.region, account: stack.account, cidr }) : undefined;
    if (hubProblem) subject.fail(`sharedEndpoints: ${hubProblem}`);
    const unknown = hub ? reference.services.filter((name) => !hub.services.includes(name)) : [];
    if (hub && unknown.length > 0) {
      subject.fail(`sharedEndpoints lists ${unknown.map((n) => `'${n}'`).join(', ')}, which hub '${hub.path}' does not serve `
        + `(it serves ${hub.services.join(', ')}). Pass the hub's reference as it is (sharedEndpoints: hub.reference), or add the services to the hub.`);
    }
    this.endpoints.joinHub(reference, associate);
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

  /**
   * Why each endpoint of the VPC is there, and why endpoints that the workloads' roles point to
   * are not (waived, or not needed). Complete once the app is synthesized.
   */
  public explainEndpoints(): EndpointExplanation[] {
    return this.core.explainEndpoints();
  }

  /**
   * What the network's owner must change: nothing, since the app owns this VPC, except, in a spoke
   * of shared endpoints, the statements the hub's endpoint policies must allow for this spoke's
   * workloads. The same JSON as `ExistingIsolatedVpc.networkRequest()`.
   */
  public networkRequest(): string {
    return this.core.networkRequest();
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
    this.core.declareCalls(workload, actions, reason);
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
    this.core.addJob(taskDefinition, options);
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
    this.core.waiveEndpoint(endpoint, reason);
  }

  /**
   * The DynamoDB gateway endpoint, if the VPC has one.
   */
  public get dynamoDbEndpoint(): ec2.GatewayVpcEndpoint | undefined {
    return this.endpoints.dynamoDbEndpoint;
  }

  /**
   * Adds the DynamoDB gateway endpoint (free) to the route table of every isolated subnet, with
   * the data-perimeter policy. Idempotent. The VPC adds it by itself, whatever the preset, when a
   * workload's role may call DynamoDB.
   */
  public addDynamoDbEndpoint(): ec2.GatewayVpcEndpoint {
    return this.endpoints.useDynamoDbGateway();
  }

  /**
   * Adds a private-DNS interface endpoint for `service` in every isolated subnet, behind the
   * shared endpoint security group. Idempotent: when the VPC already has a private-DNS
   * endpoint for `service`, that endpoint is returned and nothing is added.
   */
  public addEndpoint(service: ec2.InterfaceVpcEndpointAwsService): ec2.InterfaceVpcEndpoint {
    return this.endpoints.create(service);
  }

  /**
   * Lets trusted principals use a bucket outside the trusted accounts through the S3 gateway
   * endpoint (the trusted accounts' own buckets are allowed already).
   *
   * @param bucketName the bucket's name
   * @param actions the S3 actions to allow, such as `s3:GetObject`
   */
  public allowS3Bucket(bucketName: string, actions: string[]): void {
    this.core.allowS3Bucket(bucketName, actions);
  }

  /**
   * Adds an interface endpoint as `ec2.Vpc` does, but refuses a second private-DNS endpoint
   * for a service that already has one: CloudFormation would fail the deployment.
   */
  public addInterfaceEndpoint(id: string, options: ec2.InterfaceVpcEndpointOptions): ec2.InterfaceVpcEndpoint {
    this.endpoints.checkNewInterfaceEndpoint(id, options);
    const endpoint = super.addInterfaceEndpoint(id, options);
    this.endpoints.registerCreated(options, endpoint);
    return endpoint;
  }

  /**
   * The private-DNS interface endpoint for `service`, if the VPC has one.
   */
  public findEndpoint(service: ec2.InterfaceVpcEndpointAwsService): ec2.InterfaceVpcEndpoint | undefined {
    return this.endpoints.find(service);
  }

  /**
   * Whether tasks in this VPC can reach `service` through a private-DNS interface endpoint.
   */
  public hasEndpoint(service: ec2.InterfaceVpcEndpointAwsService): boolean {
    return this.core.hasEndpoint(service);
  }

  /**
   * The short names of the interface endpoints (such as `ecr.api`), in the order they were added.
   */
  public get endpointNames(): string[] {
    return this.core.endpointNames;
  }

  /**
   * Something to depend on that stands for the endpoint of `service`, including when the
   * endpoint is added later. Makes a workload wait until its endpoints exist.
   */
  public endpointDependable(service: ec2.InterfaceVpcEndpointAwsService): IDependable {
    return this.core.endpointDependable(service);
  }

  /**
   * Lets `client` reach the interface endpoints on TCP 443.
   *
   * ECS services in awsvpc mode and Auto Scaling groups get `endpointClientSecurityGroup`
   * attached, which keeps the endpoint group's rule count constant. Anything else gets one
   * ingress rule from its own security groups.
   */
  public grantEndpointAccess(client: ec2.IConnectable): void {
    this.core.grantEndpointAccess(client);
  }
}
