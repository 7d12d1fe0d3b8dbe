import { Annotations, Names, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ram from 'aws-cdk-lib/aws-ram';
import * as route53profiles from 'aws-cdk-lib/aws-route53profiles';
import { Construct } from 'constructs';
import { idProblem } from '../base/aws-ids';
import { cidrProblem, contains, overlaps } from '../base/cidr';
import { Subject } from '../base/errors';
import { IsolationCore } from '../core/isolation-core';
import { EndpointPolicy } from '../endpoints/policy';
import { awsOwnedRepositoryArns, FLUENT_BIT } from '../images/aws-owned';
import { centralCost } from '../shared/cost';
import { publishHub } from '../shared/hub-record';
import { principalKind } from '../shared/principals';
import { SharedEndpointsReference } from '../shared/reference';
import { IsolatedVpc } from '../vpc/isolated-vpc';

const HTTPS = ec2.Port.tcp(443);

/**
 * Properties of a hub of shared endpoints.
 */
export interface SharedEndpointsProps {
  /**
   * The hub VPC, whose interface endpoints the spokes use. Give it a fixed preset or add the
   * endpoints: a hub runs no workloads, so `EndpointPreset.AUTO` gives it none.
   */
  readonly vpc: IsolatedVpc;

  /**
   * The CIDR blocks of the spoke VPCs, admitted on TCP 443 by the endpoints' security group, and
   * routed to the transit gateway from the hub's isolated subnets.
   */
  readonly allowedCidrs: string[];

  /**
   * Account IDs, OU ARNs or the organization ARN to share the Route 53 Profile with through RAM.
   * OU and organization shares need RAM sharing with AWS Organizations enabled; accounts outside
   * the organization accept the share in RAM before they can use the Profile.
   *
   * @default - not shared: spokes in the hub's account only
   */
  readonly shareWith?: string[];

  /**
   * The transit gateway joining the hub and the spokes: the hub's isolated subnets are attached to
   * it, and `allowedCidrs` routed through it.
   *
   * @default - no attachment: the network owner connects the spokes
   */
  readonly transitGatewayId?: string;

  /**
   * The transit gateway route table to associate the hub's attachment with and propagate its
   * routes to. Cross-account attachments must be accepted by the gateway's owner unless it
   * accepts shared attachments automatically (off by default).
   *
   * @default - the gateway's default association and propagation
   */
  readonly transitGatewayRouteTableId?: string;

  /**
   * The interface endpoints to share; any the hub VPC lacks are added.
   *
   * @default - every interface endpoint of the hub VPC
   */
  readonly services?: ec2.InterfaceVpcEndpointAwsService[];

  /**
   * An existing Route 53 Profile to add the endpoints to, such as the one a landing zone associates
   * with every VPC already (a VPC takes one Profile).
   *
   * @default - a new Profile
   */
  readonly profileId?: string;

  /**
   * Let the spokes pull the AWS-owned images that FireLens uses (AWS for Fluent Bit) through the
   * hub's ECR endpoints.
   *
   * @default true
   */
  readonly awsOwnedImages?: boolean;

  /**
   * ECR repositories of other accounts the spokes pull from, as repository ARNs: the hub's ECR
   * endpoints let trusted principals pull (only pull) from them.
   *
   * @default - none
   */
  readonly otherAccountRepositories?: string[];
}

/**
 * A hub of interface endpoints that many isolated VPCs share: a Route 53 Profile that resolves the
 * hub's endpoints in every VPC associated with it, shared through RAM, with the transit gateway
 * attachment and routes that carry the traffic, and a data perimeter fit for principals of many
 * accounts. Spokes use it with `IsolatedVpcProps.sharedEndpoints: hub.reference`.
 *
 * @example
 * const hub = new IsolatedVpc(this, 'Hub', { cidr: '10.100.0.0/16', endpointPolicy: EndpointPolicy.organization('o-a1b2c3d4e5') });
 * const shared = new SharedEndpoints(this, 'Shared', { vpc: hub, allowedCidrs: ['10.0.0.0/8'], transitGatewayId: 'tgw-0123456789abcdef0' });
 */
export class SharedEndpoints extends Construct {
  /**
   * The ID of the Route 53 Profile that resolves the shared endpoints.
   */
  public readonly profileId: string;

  /**
   * The short names of the shared interface endpoints.
   */
  public readonly services: string[];

  /**
   * What a spoke needs to know of this hub; it crosses stacks, and its values can be written down
   * in another app.
   */
  public readonly reference: SharedEndpointsReference;

  constructor(scope: Construct, id: string, props: SharedEndpointsProps) {
    super(scope, id);
    const where = Subject.of(this, 'SharedEndpoints');
    const vpc = props.vpc;
    const hubCore = IsolationCore.of(vpc)!;
    const hubCidr = hubCore.cidr ?? vpc.vpcCidrBlock;
    for (const service of props.services ?? []) vpc.addEndpoint(service);
    this.services = (props.services ?? []).map((s) => s.shortName).concat(props.services ? [] : vpc.endpointNames);
    if (this.services.length === 0) {
      where.fail(`hub VPC '${vpc.node.path}' has no interface endpoints to share (preset ${vpc.endpointPreset.name}: a hub runs no workloads, `
        + 'so EndpointPreset.AUTO derives none). Give it a fixed preset, such as endpoints: EndpointPreset.FARGATE, or list services.');
    }
    this.checkIds(where, props);
    this.checkCidrs(where, props.allowedCidrs, hubCidr);
    this.checkPerimeter(where, vpc.endpointPolicy, props.shareWith ?? []);

    // The endpoints admit the spokes' blocks on 443.
    for (const cidr of props.allowedCidrs) vpc.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(cidr), HTTPS, `HTTPS from spoke VPCs in ${cidr}`);

    const profile = props.profileId ? undefined : new route53profiles.CfnProfile(this, 'Profile', { name: Names.uniqueId(this).slice(-64) });
    this.profileId = props.profileId ?? profile!.attrId;
    this.associateEndpoints(vpc);
    if ((props.shareWith ?? []).length > 0) this.share(where, profile, props.shareWith!);
    if (props.transitGatewayId) this.attach(vpc, props.transitGatewayId, props.allowedCidrs, props.transitGatewayRouteTableId);
    this.letSpokeImagesIn(hubCore, props);

    this.reference = {
      profileId: this.profileId,
      services: [...this.services],
      hubCidr,
      transitGatewayId: props.transitGatewayId,
      awsOwnedImages: props.awsOwnedImages ?? true,
      guardDutyAgent: vpc.guardDutyRuntimeMonitoring,
    };
    publishHub(this, {
      region: Stack.of(this).region,
      account: Stack.of(this).account,
      trust: vpc.endpointPolicy,
      path: this.node.path,
      profileId: this.profileId,
      services: [...this.services],
      hubCidr,
      allowedCidrs: [...props.allowedCidrs],
    });

    this.summarize(where, vpc, props.transitGatewayId !== undefined);
  }

  // The Profile resolves each shared endpoint's private DNS name in every VPC associated with it.
  private associateEndpoints(vpc: IsolatedVpc): void {
    for (const name of this.services) {
      const endpoint = vpc.findEndpoint(new ec2.InterfaceVpcEndpointAwsService(name))!;
      new route53profiles.CfnProfileResourceAssociation(this, `${name.replace(/\W/g, '')}Association`, {
        name: `${Names.uniqueId(this).slice(-40)}-${name.replace(/\W/g, '-')}`.slice(-64),
        profileId: this.profileId,
        resourceArn: Stack.of(this).formatArn({ service: 'ec2', resource: 'vpc-endpoint', resourceName: endpoint.vpcEndpointId }),
      });
    }
  }

  private share(where: Subject, profile: route53profiles.CfnProfile | undefined, shareWith: string[]): void {
    if (!profile) {
      throw where.error('shareWith shares the Profile, but profileId names an existing Profile, which its owner shares. '
        + 'Share it where it was created, or leave profileId out to create a Profile here.');
    }
    new ram.CfnResourceShare(this, 'Share', {
      name: Names.uniqueId(this).slice(-64),
      resourceArns: [profile.attrArn],
      principals: shareWith,
      allowExternalPrincipals: shareWith.some((p) => principalKind(p) === 'account'),
    });
  }

  private summarize(where: Subject, vpc: IsolatedVpc, attached: boolean): void {
    const azs = vpc.availabilityZones.length;
    const cost = centralCost({ endpoints: this.services.length, azs, spokes: 1 });
    Annotations.of(this).addInfo(`${where}: shares ${this.services.length} interface endpoints (${[...this.services].sort().join(', ')}) in ${azs} AZs, `
      + `$${cost.hubMonthly.toFixed(2)} a month for the hub's endpoints`
      + `${attached ? ` and $${cost.attachmentMonthly.toFixed(2)} for its transit gateway attachment` : ''}; `
      + `each spoke saves $${cost.perVpcMonthly.toFixed(2)} of endpoints and pays $${cost.attachmentMonthly.toFixed(2)} for its attachment, `
      + 'plus the Route 53 Profile association (docs/hubs-and-spokes.md, "When to centralise").');
  }

  private checkIds(where: Subject, props: SharedEndpointsProps): void {
    const problem = idProblem('transitGatewayId', props.transitGatewayId, 'transit gateway ID')
      ?? idProblem('transitGatewayRouteTableId', props.transitGatewayRouteTableId, 'transit gateway route table ID')
      ?? idProblem('profileId', props.profileId, 'Route 53 Profile ID');
    if (problem) where.fail(problem);
    if (props.transitGatewayRouteTableId !== undefined && props.transitGatewayId === undefined) {
      where.fail('transitGatewayRouteTableId is given without transitGatewayId, so there is no attachment to associate with it and it would do nothing. '
        + 'Give the transit gateway too (transitGatewayId: \'tgw-...\'), or leave transitGatewayRouteTableId out.');
    }
  }

  private checkCidrs(where: Subject, cidrs: string[], hubCidr: string): void {
    if (cidrs.length === 0) where.fail('allowedCidrs is empty, so no spoke could reach the endpoints. Give the spokes\' blocks, such as [\'10.0.0.0/8\'].');
    for (const cidr of cidrs) {
      const problem = cidrProblem(cidr);
      if (problem) where.fail(`allowedCidrs holds ${problem}`);
      // A block that holds the hub's (such as the organization's 10.0.0.0/8) admits and routes every spoke in it: the hub's local route
      // is more specific. Only a block inside the hub's could hold no spoke.
      if (!Token.isUnresolved(cidr) && !Token.isUnresolved(hubCidr) && overlaps(cidr, hubCidr) && !(contains(cidr, hubCidr) && cidr !== hubCidr)) {
        where.fail(`allowedCidrs holds '${cidr}', which lies inside the hub's own cidr '${hubCidr}': no spoke could be in it, and it could never be `
          + 'routed to. Give the spokes\' blocks, outside the hub\'s or holding it (such as \'10.0.0.0/8\').');
      }
    }
  }

  // aws:SourceVpc names the hub for every spoke, so the perimeter trusts principals by account or organization.
  private checkPerimeter(where: Subject, policy: EndpointPolicy, shareWith: string[]): void {
    for (const principal of shareWith) {
      const kind = principalKind(principal);
      if (!kind) {
        where.fail(`shareWith holds '${principal}', which is not an account ID (12 digits), an OU ARN `
          + '(arn:aws:organizations::<management account>:ou/o-<id>/ou-<id>) or an organization ARN (arn:aws:organizations::<management account>:organization/o-<id>).');
      }
      if (policy.organizationId && (kind === 'ou' || kind === 'organization') && !principal.includes(`/${policy.organizationId}`)) {
        where.fail(`shareWith holds ${kind === 'ou' ? 'an OU' : 'the organization'} '${principal}' of another organization than ${policy.organizationId}, the one `
          + 'the hub\'s endpoints trust, so every request of its spokes would be denied. Share within the trusted organization, or trust the other one: '
          + `endpointPolicy: EndpointPolicy.organization('${/o-[a-z0-9]+/.exec(principal)?.[0] ?? 'o-...'}') on the hub VPC.`);
      }
      if (policy === EndpointPolicy.OPEN || policy.organizationId || kind === 'token') continue;
      if (kind !== 'account') {
        where.fail(`shareWith holds ${kind === 'ou' ? 'an OU' : 'the organization'} '${principal}', but the hub's endpoints trust accounts only `
          + `(EndpointPolicy.${policy.name}), so the spokes' principals would be denied. Trust the organization: endpointPolicy: EndpointPolicy.organization('o-...') on the hub VPC.`);
      }
      const own = Stack.of(this).account;
      if (principal !== own && !policy.accountIds.includes(principal)) {
        where.fail(`shareWith holds account ${principal}, but the hub's endpoints trust ${policy.accountIds.length ? `accounts ${policy.accountIds.join(', ')} and ` : ''}`
          + 'the hub\'s own account only, so that account\'s tasks would be denied at the endpoints. Trust it: '
          + `endpointPolicy: EndpointPolicy.accounts(['${principal}', ...]) on the hub VPC, or EndpointPolicy.organization('o-...').`);
      }
    }
  }

  private attach(vpc: IsolatedVpc, transitGatewayId: string, cidrs: string[], routeTableId?: string): void {
    const attachment = new ec2.CfnTransitGatewayVpcAttachment(this, 'Attachment', {
      transitGatewayId,
      vpcId: vpc.vpcId,
      subnetIds: vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED, onePerAz: true }).subnetIds,
    });
    for (const [i, subnet] of vpc.isolatedSubnets.entries()) {
      for (const [j, cidr] of cidrs.entries()) {
        new ec2.CfnRoute(this, `Route${i + 1}x${j + 1}`, { routeTableId: subnet.routeTable.routeTableId, destinationCidrBlock: cidr, transitGatewayId })
          .addDependency(attachment);
      }
    }
    if (routeTableId) {
      new ec2.CfnTransitGatewayRouteTableAssociation(this, 'RouteTableAssociation', {
        transitGatewayAttachmentId: attachment.attrId, transitGatewayRouteTableId: routeTableId,
      });
      new ec2.CfnTransitGatewayRouteTablePropagation(this, 'RouteTablePropagation', {
        transitGatewayAttachmentId: attachment.attrId, transitGatewayRouteTableId: routeTableId,
      });
    }
  }

  // The hub runs no workloads, so it cannot derive the exceptions the spokes' tasks need: they are on by default or declared.
  private letSpokeImagesIn(hub: IsolationCore, props: SharedEndpointsProps): void {
    if (hub.guardDutyAgentRepositories) hub.allowImagePull('GuardDutyAgent', hub.guardDutyAgentRepositories);
    if (props.awsOwnedImages ?? true) {
      const arns = awsOwnedRepositoryArns(this, FLUENT_BIT);
      if (arns) hub.allowImagePull(FLUENT_BIT.repository, arns);
    }
    for (const arn of props.otherAccountRepositories ?? []) {
      const match = /^arn:aws[a-z-]*:ecr:[a-z0-9-]+:(\d{12}):repository\/(.+)$/.exec(arn);
      if (!Token.isUnresolved(arn) && !match) {
        Subject.of(this, 'SharedEndpoints').fail(`otherAccountRepositories holds '${arn}', which is not an ECR repository ARN `
          + '(arn:aws:ecr:<region>:<account>:repository/<name>).');
      }
      hub.allowImagePull(match ? `${match[1]}/${match[2]}` : arn, [arn]);
    }
  }
}
