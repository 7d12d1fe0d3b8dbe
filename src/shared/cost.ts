/** Hours in the month AWS bills by. */
export const HOURS_PER_MONTH = 730;

/**
 * What one comparison of per-VPC and central endpoints takes. Prices are us-east-1 list prices;
 * pass those of your region.
 */
export interface CentralCostInputs {
  /** Interface endpoints each VPC needs. */
  readonly endpoints: number;
  /** Availability Zones each endpoint is in. */
  readonly azs: number;
  /** Spoke VPCs. */
  readonly spokes: number;
  /** One interface endpoint in one AZ for one hour (PrivateLink pricing). */
  readonly endpointHourly?: number;
  /** One transit gateway attachment for one hour (Transit Gateway pricing). */
  readonly attachmentHourly?: number;
  /** Data each spoke sends through the endpoints in a month, in GB. */
  readonly gbPerSpoke?: number;
  /** Transit gateway data processing per GB, paid on top of the endpoints' own per-GB charge. */
  readonly transitGatewayPerGb?: number;
  /** One Route 53 Profile-VPC association for one hour (Route 53 pricing, "Profiles"); unknown when not given. */
  readonly profileAssociationHourly?: number;
}

/**
 * Monthly costs, in US dollars.
 */
export interface CentralCost {
  /** One VPC's own interface endpoints. */
  readonly perVpcMonthly: number;
  /** The hub's interface endpoints. */
  readonly hubMonthly: number;
  /** One transit gateway attachment. */
  readonly attachmentMonthly: number;
  /** Every spoke with endpoints of its own. */
  readonly perVpcTotal: number;
  /** The hub's endpoints, an attachment for the hub and each spoke, transit gateway data, and the Profile associations when their price is known. */
  readonly centralTotal: number;
  /** Whether the Profile association charge is in `centralTotal`. */
  readonly profileIncluded: boolean;
}

/**
 * Per-VPC against central endpoints. Each endpoint's per-GB charge is the same either way and left
 * out; the transit gateway's per-GB charge is central only.
 */
export function centralCost(inputs: CentralCostInputs): CentralCost {
  const endpointHourly = inputs.endpointHourly ?? 0.01;
  const attachmentMonthly = round((inputs.attachmentHourly ?? 0.05) * HOURS_PER_MONTH);
  const perVpcMonthly = round(inputs.endpoints * inputs.azs * endpointHourly * HOURS_PER_MONTH);
  const profile = inputs.profileAssociationHourly;
  const centralTotal = perVpcMonthly + attachmentMonthly * (inputs.spokes + 1)
    + inputs.spokes * (inputs.gbPerSpoke ?? 0) * (inputs.transitGatewayPerGb ?? 0.02)
    + (profile === undefined ? 0 : inputs.spokes * profile * HOURS_PER_MONTH);
  return {
    perVpcMonthly,
    hubMonthly: perVpcMonthly,
    attachmentMonthly,
    perVpcTotal: round(perVpcMonthly * inputs.spokes),
    centralTotal: round(centralTotal),
    profileIncluded: profile !== undefined,
  };
}

/**
 * The fewest spokes for which central endpoints cost less, or undefined below 10,000.
 */
export function breakEvenSpokes(inputs: Omit<CentralCostInputs, 'spokes'>): number | undefined {
  for (let spokes = 1; spokes <= 10_000; spokes++) {
    const cost = centralCost({ ...inputs, spokes });
    if (cost.centralTotal < cost.perVpcTotal) return spokes;
  }
  return undefined;
}

function round(dollars: number): number {
  return Math.round(dollars * 100) / 100;
}
