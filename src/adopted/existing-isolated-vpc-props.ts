import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { EndpointPolicy } from '../endpoints/policy';

/**
 * How to adopt an existing VPC, whether it is given or looked up.
 */
export interface ExistingIsolatedVpcOptions {
  /**
   * The subnets tasks run in. Public subnets are refused.
   *
   * @default - every isolated subnet of the VPC (and its private subnets with `privateSubnetsHaveNoInternetEgress`)
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * A promise that the default route of the VPC's private subnets (to a transit gateway or Cloud WAN,
   * typical of landing zones) leads to no internet egress, so tasks may run in them. aws-cdk-lib
   * calls any subnet with a default route "private", whatever it leads to. Break this promise and
   * the tasks can reach the internet.
   *
   * @default false
   */
  readonly privateSubnetsHaveNoInternetEgress?: boolean;

  /**
   * Services the VPC resolves to endpoints elsewhere, through a private hosted zone or a Route 53
   * Profile (central endpoints in a hub VPC). They count as present and are never created here:
   * a second private DNS name for them fails at deploy.
   *
   * @default - none
   */
  readonly centralEndpoints?: ec2.InterfaceVpcEndpointAwsService[];

  /**
   * The security group on the VPC's interface endpoints. This stack adds one rule to it: TCP 443
   * from `endpointClientSecurityGroup`. Where the owner writes the group's rules inline (the
   * aws-cdk-lib default), the owner's next deployment removes that rule: ask the owner to admit the
   * client group, or the task subnets, instead.
   *
   * @default - the groups found by `IsolatedVpc.lookupExisting()`; otherwise none, and a warning
   *   says the endpoints must admit the task subnets on 443
   */
  readonly endpointSecurityGroup?: ec2.ISecurityGroup;

  /**
   * Create, in this stack and in the existing VPC, exactly the endpoints the workloads need and
   * the VPC lacks, with the library's data perimeter and security group. Refused in a VPC of
   * another account or region (a RAM-shared VPC: participants cannot create endpoints). Service
   * control policies often deny `ec2:CreateVpcEndpoint` to application accounts.
   *
   * @default false
   */
  readonly createMissingEndpoints?: boolean;

  /**
   * The data perimeter of the endpoints this stack creates, and of the statements the network
   * request asks the owner to add.
   *
   * @default EndpointPolicy.ACCOUNT
   */
  readonly endpointPolicy?: EndpointPolicy;

  /**
   * The account that owns the VPC, when it is shared with this account through RAM and imported
   * with `ec2.Vpc.fromVpcAttributes` (which cannot tell). `Vpc.fromLookup` reads it.
   *
   * @default - the VPC's account
   */
  readonly vpcOwnerAccountId?: string;

  /**
   * Let the GuardDuty Runtime Monitoring agent sidecar through the data perimeter; see
   * `IsolatedVpcProps.guardDutyRuntimeMonitoring`.
   *
   * @default true
   */
  readonly guardDutyRuntimeMonitoring?: boolean;
}

/**
 * Properties of an existing VPC adopted with `IsolatedVpc.fromExistingVpc()`.
 */
export interface ExistingIsolatedVpcProps extends ExistingIsolatedVpcOptions {
  /**
   * The VPC, from `ec2.Vpc.fromLookup`, `ec2.Vpc.fromVpcAttributes`, or another stack.
   */
  readonly vpc: ec2.IVpc;

  /**
   * The interface endpoints, with private DNS on, that the VPC already has.
   *
   * @default - none besides those this app creates in the VPC
   */
  readonly endpoints?: ec2.InterfaceVpcEndpointAwsService[];

  /**
   * The gateway endpoints the VPC already has on the task subnets' route tables. ECR keeps image
   * layers in S3, so tasks need the S3 gateway.
   *
   * @default - none besides those this app creates in the VPC
   */
  readonly gatewayEndpoints?: ec2.GatewayVpcEndpointAwsService[];
}
