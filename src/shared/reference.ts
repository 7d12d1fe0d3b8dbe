/**
 * What a spoke VPC needs to know of a hub of shared endpoints (`SharedEndpoints.reference`), as
 * plain values so that it crosses stacks and apps: write it down in the spoke's app when the hub
 * lives elsewhere.
 */
export interface SharedEndpointsReference {
  /**
   * The ID of the Route 53 Profile that resolves the hub's endpoints (`rp-...`).
   */
  readonly profileId: string;

  /**
   * The short names of the interface endpoints the hub serves, such as `ecr.api`. The spoke
   * decides at synth from this list which endpoints it needs locally, so the names are literal.
   */
  readonly services: string[];

  /**
   * The hub VPC's CIDR block: the spoke routes it to the transit gateway.
   */
  readonly hubCidr: string;

  /**
   * The transit gateway that joins the hub and the spokes.
   *
   * @default - no attachment or routes: the spoke reaches the hub some other way the network owner set up
   */
  readonly transitGatewayId?: string;

  /**
   * Whether the hub's endpoint policies let spokes pull the AWS-owned images (AWS for Fluent Bit).
   *
   * @default true
   */
  readonly awsOwnedImages?: boolean;

  /**
   * Whether the hub's endpoint policies let spokes pull the GuardDuty Runtime Monitoring agent.
   *
   * @default true
   */
  readonly guardDutyAgent?: boolean;
}
