import { Names, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53profiles from 'aws-cdk-lib/aws-route53profiles';
import { IConstruct } from 'constructs';
import { HubRecord } from './hub-record';
import { SharedEndpointsReference } from './reference';
import { idProblem } from '../base/aws-ids';
import { cidrProblem, contains, overlaps } from '../base/cidr';
import { EndpointPolicy } from '../endpoints/policy';

/**
 * Why a reference to a hub cannot work for a spoke of block `spokeCidr`, or undefined.
 */
export function referenceProblem(ref: SharedEndpointsReference, spokeCidr: string): string | undefined {
  if (!Token.isUnresolved(ref.profileId) && !/^rp-[a-z0-9]+$/.test(ref.profileId)) {
    return `profileId '${ref.profileId}' is not a Route 53 Profile ID (rp-...). Pass the hub's sharedEndpoints.reference, or its profileId.`;
  }
  const idError = idProblem('transitGatewayId', ref.transitGatewayId, 'transit gateway ID');
  if (idError) return idError;
  if (ref.services.length === 0) {
    return 'the hub serves no services. List the short names of the hub\'s interface endpoints, such as \'ecr.api\', or pass the hub\'s sharedEndpoints.reference.';
  }
  const wrong = ref.services.filter((s) => Token.isUnresolved(s) || !/^[a-z0-9][a-z0-9.-]*$/.test(s));
  if (wrong.length > 0) {
    return `services ${wrong.map((s) => `'${s}'`).join(', ')} ${wrong.length === 1 ? 'is not a' : 'are not'} literal short name${wrong.length === 1 ? '' : 's'}, `
      + 'such as \'ecr.api\': the spoke decides at synth which endpoints it needs locally, so the names cannot be deploy-time values.';
  }
  if (!Token.isUnresolved(ref.hubCidr)) {
    const problem = cidrProblem(ref.hubCidr);
    if (problem) return `hubCidr holds ${problem}`;
    if (!Token.isUnresolved(spokeCidr) && overlaps(ref.hubCidr, spokeCidr)) {
      return `hubCidr '${ref.hubCidr}' overlaps the spoke's cidr '${spokeCidr}', so the spoke could never route to the hub. Give the spoke a block of its own, such as '10.1.0.0/16'.`;
    }
  }
  return undefined;
}

/**
 * Why a spoke in `region` and `account` with block `cidr` cannot use the hub of this app that
 * `hub` records: another Region (Profiles and attachments are regional), an account the hub's
 * endpoint policies do not trust, or a block the hub does not admit.
 */
export function hubRecordProblem(hub: HubRecord, spoke: { region: string; account: string; cidr: string }): string | undefined {
  const literal = (...values: string[]) => values.every((v) => !Token.isUnresolved(v));
  if (literal(hub.region, spoke.region) && hub.region !== spoke.region) {
    return `the hub '${hub.path}' is in ${hub.region}, but this spoke is in ${spoke.region}: a Route 53 Profile and a transit gateway attachment serve `
      + `their own Region only. Put the spoke in ${hub.region}, or give ${spoke.region} a hub of its own.`;
  }
  const trust = hub.trust;
  if (literal(hub.account, spoke.account) && hub.account !== spoke.account && trust !== EndpointPolicy.OPEN && !trust.organizationId
    && !trust.accountIds.includes(spoke.account)) {
    return `the hub '${hub.path}' trusts ${trust.accountIds.length ? `accounts ${trust.accountIds.join(', ')} and ` : ''}its own account ${hub.account} only, `
      + `so the endpoints would deny every request of this spoke's account ${spoke.account}. Trust it on the hub VPC: `
      + `endpointPolicy: EndpointPolicy.accounts(['${spoke.account}', ...]), or EndpointPolicy.organization('o-...').`;
  }
  const admitted = hub.allowedCidrs.filter((c) => literal(c));
  if (literal(spoke.cidr) && admitted.length === hub.allowedCidrs.length && !admitted.some((c) => contains(c, spoke.cidr))) {
    return `this spoke's cidr '${spoke.cidr}' is outside the hub's allowedCidrs (${admitted.map((c) => `'${c}'`).join(', ')}), so the hub's endpoint group `
      + 'drops its traffic and the hub routes nothing back. Add the block to the hub\'s allowedCidrs, or give the spoke a block inside them.';
  }
  return undefined;
}

/**
 * Joins an isolated VPC to a hub: associates it with the hub's Route 53 Profile (unless it has the
 * Profile already), attaches its isolated subnets to the transit gateway, and routes the hub's
 * block there from every isolated route table, each route after the attachment.
 */
export function joinHub(vpc: ec2.IVpc & IConstruct, ref: SharedEndpointsReference, associate: boolean): void {
  if (associate) {
    new route53profiles.CfnProfileAssociation(vpc, 'SharedEndpointsProfileAssociation', {
      name: Names.uniqueId(vpc).slice(-64),
      profileId: ref.profileId,
      resourceId: vpc.vpcId,
    });
  }
  if (!ref.transitGatewayId) return;
  const subnets = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED, onePerAz: true });
  const attachment = new ec2.CfnTransitGatewayVpcAttachment(vpc, 'SharedEndpointsAttachment', {
    transitGatewayId: ref.transitGatewayId,
    vpcId: vpc.vpcId,
    subnetIds: subnets.subnetIds,
  });
  for (const [i, subnet] of vpc.isolatedSubnets.entries()) {
    const route = new ec2.CfnRoute(vpc, `SharedEndpointsRoute${i + 1}`, {
      routeTableId: subnet.routeTable.routeTableId,
      destinationCidrBlock: ref.hubCidr,
      transitGatewayId: ref.transitGatewayId,
    });
    route.addDependency(attachment);
  }
}

/**
 * Paths of the Profile associations of `vpc` anywhere in the app: a VPC takes one Profile.
 */
export function profileAssociationsOf(vpc: ec2.IVpc & IConstruct): string[] {
  const stack = Stack.of(vpc);
  const id = JSON.stringify(stack.resolve(vpc.vpcId));
  return vpc.node.root.node.findAll()
    .filter((c): c is route53profiles.CfnProfileAssociation => c instanceof route53profiles.CfnProfileAssociation)
    .filter((c) => c.resourceId === vpc.vpcId || (Stack.of(c) === stack && JSON.stringify(stack.resolve(c.resourceId)) === id))
    .map((c) => c.node.path);
}


/**
 * What an isolated VPC knows of the hub it is a spoke of: which services the hub serves, how
 * messages name it, and what the spoke asks of the hub's owner.
 */
export class SpokeOfHub {
  public readonly services: Set<string>;

  constructor(private readonly where: string, public readonly reference: SharedEndpointsReference) {
    this.services = new Set(reference.services);
  }

  /** How messages name the hub. */
  public get label(): string {
    return Token.isUnresolved(this.reference.profileId) ? 'the hub\'s Route 53 Profile' : `Route 53 Profile ${this.reference.profileId}`;
  }

  public serves(shortName: string): boolean {
    return this.services.has(shortName);
  }

  /** Why a local private-DNS endpoint of a service the hub serves cannot be, for the spoke's error. */
  public localEndpointProblem(shortName: string): string {
    return `'${shortName}' is served by the hub's shared endpoints (${this.label}): a local endpoint with private DNS for it would fail `
      + 'at deploy, since the name already resolves to the hub. Leave it to the hub, or remove it from the hub\'s services.';
  }

  /** Why each shared endpoint is there, for the explanations. */
  public origins(): Map<string, string> {
    return new Map([...this.services].map((name) => [name, `served by the hub (${this.label})`]));
  }

  /**
   * The warning when the spoke's workloads need exceptions in the hub's policies that the hub does
   * not declare: images of other accounts, or grants on other accounts' resources.
   */
  public uncoveredExceptions(pullSources: string[], grantEndpoints: string[]): string | undefined {
    const covered = new Set([
      ...(this.reference.guardDutyAgent === false ? [] : ['GuardDutyAgent']),
      ...(this.reference.awsOwnedImages === false ? [] : ['aws-for-fluent-bit']),
    ]);
    const pulls = this.serves('ecr.dkr') ? pullSources.filter((source) => !covered.has(source)) : [];
    const grants = grantEndpoints.filter((name) => this.serves(name));
    if (pulls.length === 0 && grants.length === 0) return undefined;
    const what = [
      ...(pulls.length ? [`pulls of ${pulls.join(', ')} through its ECR endpoints`] : []),
      ...(grants.length ? [`the granted resources of other accounts through its ${grants.join(', ')} endpoint${grants.length === 1 ? '' : 's'}`] : []),
    ];
    return `${this.where}: its workloads need the hub (${this.label}) to let through ${what.join(', and ')}, which the hub's reference does not declare, `
      + 'so a data perimeter on the hub may deny them. Ask the hub\'s owner for the statements vpc.networkRequest() lists '
      + '(SharedEndpoints otherAccountRepositories covers other accounts\' images).';
  }

  /** The summary's sentence on the hub, with what the spoke pays for it and what it saves. */
  public summary(azs: number, endpointHourly: number, hoursPerMonth: number): string {
    const saved = Math.round(this.services.size * azs * endpointHourly * hoursPerMonth * 100) / 100;
    const attachment = this.reference.transitGatewayId ? 36.5 : 0;
    const sentence = `${this.services.size} more from the hub (${[...this.services].sort().join(', ')}), which would cost $${saved.toFixed(2)} a month here`
      + (attachment ? `; the transit gateway attachment costs $${attachment.toFixed(2)} a month, plus $0.02 per GB and the Route 53 Profile association` : '');
    return attachment > saved
      ? `${sentence}. For this VPC alone, centralising costs more than local endpoints would (docs/hubs-and-spokes.md, "When to centralise")`
      : sentence;
  }
}
