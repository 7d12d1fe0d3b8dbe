import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EndpointPolicy } from '../endpoints/policy';
import { EndpointPreset } from '../endpoints/preset';
import { SharedEndpointsReference } from '../shared/reference';

/**
 * Properties for an `IsolatedVpc`.
 */
export interface IsolatedVpcProps {
  /**
   * The VPC's IPv4 CIDR block, from /16 to /28.
   *
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;

  /**
   * How many Availability Zones to use. One AZ is allowed for development, with a warning.
   *
   * Ignored when `availabilityZones` is set.
   *
   * @default 2
   */
  readonly maxAzs?: number;

  /**
   * The Availability Zones to use, when they must be these exactly.
   *
   * @default - the first `maxAzs` zones of the stack's region
   */
  readonly availabilityZones?: string[];

  /**
   * The prefix length of each isolated subnet (one per AZ).
   *
   * @default 18
   */
  readonly subnetCidrMask?: number;

  /**
   * Keep one subnet-sized block per AZ free ahead of the isolated subnets, as the seed does,
   * so public or other subnets can be added later without renumbering. With the defaults the
   * lower half of 10.0.0.0/16 stays free and the subnets are 10.0.128.0/18 and 10.0.192.0/18.
   *
   * @default true
   */
  readonly reserveSubnets?: boolean;

  /**
   * The interface endpoints to create up front. More can be added with `addEndpoint()`.
   *
   * @default EndpointPreset.FARGATE
   */
  readonly endpoints?: EndpointPreset;

  /**
   * Who may use the endpoints, and to reach whose resources. The default keeps both principals
   * and resources in the stack's account, so data cannot leave through the endpoints.
   *
   * @default EndpointPolicy.ACCOUNT
   */
  readonly endpointPolicy?: EndpointPolicy;

  /**
   * Let the GuardDuty Runtime Monitoring agent through the data perimeter: the ECR endpoints'
   * policy allows pulls (and nothing else) from the AWS-owned repository of the agent in the
   * stack's region, and `PrivateFargateService` execution roles may pull it.
   *
   * On by default because the agent is switched on outside the app (by a security team, often for
   * the whole organization), and then injected as a sidecar into every new Fargate task: if the
   * sidecar cannot be pulled, the task never starts. What it opens is a read of one AWS-owned
   * repository. GuardDuty also creates a `guardduty-data` endpoint and security group in the VPC
   * for the agent's events; the tasks' HTTPS egress reaches it.
   *
   * @default true
   */
  readonly guardDutyRuntimeMonitoring?: boolean;

  /**
   * Look up the Availability Zones each endpoint service is offered in (a context lookup, cached in
   * `cdk.context.json`) and place each endpoint only there: some services are not in every zone,
   * and CloudFormation fails an endpoint in a zone its service lacks ("The VPC endpoint service ...
   * does not support the availability zone"). A zone of the VPC left without an endpoint gets a
   * warning, and a service in none of them fails synth. Needs a stack with an explicit account and
   * region, and credentials for the first synth (as every lookup does).
   *
   * @default false
   */
  readonly lookupEndpointAvailabilityZones?: boolean;

  /**
   * Record the VPC's traffic in flow logs (accepted and rejected, all interfaces).
   *
   * @default true
   */
  readonly flowLogs?: boolean;

  /**
   * Send flow logs to this bucket instead of a CloudWatch log group.
   *
   * @default - a CloudWatch log group kept for `flowLogRetention`
   */
  readonly flowLogBucket?: s3.IBucket;

  /**
   * How long flow logs are kept in CloudWatch Logs.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly flowLogRetention?: logs.RetentionDays;

  /**
   * A customer managed KMS key for the flow log group. Its key policy is extended so the
   * CloudWatch Logs service of this region may use it.
   *
   * @default - encrypted by CloudWatch Logs with an AWS owned key
   */
  readonly logEncryptionKey?: kms.IKey;

  /**
   * The price of one interface endpoint in one AZ for one hour, in US dollars, for the cost
   * the VPC reports at synth. Data processing is billed on top; gateway endpoints are free.
   *
   * @default 0.01 (the us-east-1 list price)
   */
  readonly endpointHourlyPrice?: number;

  /**
   * The VPC's Name tag.
   *
   * @default - the construct path
   */
  readonly vpcName?: string;

  /**
   * Remove all rules from the VPC's default security group, so nothing that lands in it by
   * accident can talk. CDK does this with a small custom resource.
   *
   * @default true
   */
  readonly restrictDefaultSecurityGroup?: boolean;

  /**
   * Use the interface endpoints of a hub (`SharedEndpoints.reference`) instead of local ones: the
   * VPC is associated with the hub's Route 53 Profile, attached to its transit gateway with a
   * route to the hub from every isolated subnet, and creates locally only the endpoints the hub
   * does not serve. The S3 and DynamoDB gateways stay local: a transit gateway cannot reach them.
   *
   * @default - every endpoint is local
   */
  readonly sharedEndpoints?: SharedEndpointsReference;

  /**
   * Associate the VPC with the hub's Route 53 Profile. Set false where the VPC has that Profile
   * already (a landing zone's): a VPC takes one Profile, and a second association fails at deploy.
   *
   * @default true
   */
  readonly associateSharedEndpointsProfile?: boolean;
}
