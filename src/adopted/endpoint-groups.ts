import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

const HTTPS = ec2.Port.tcp(443);

/**
 * The security groups of the interface endpoints of an adopted VPC, and who they admit: a group the
 * owner named or the lookup found gets a rule of this stack per client (CloudFormation adds it to
 * the group as it stands); the group of the endpoints this stack creates holds the rules itself.
 */
export class AdoptedEndpointGroups {
  private readonly groups = new Map<string, string>();
  private readonly admitted: Array<{ peer: ec2.IPeer; description: string }> = [];
  private readonly ruleKeys = new Set<string>();
  private own?: ec2.SecurityGroup;

  constructor(private readonly vpc: ec2.IVpc & IConstruct) {}

  /** Whether a group of the VPC's own endpoints is known, so this stack can let its tasks in. */
  public get known(): boolean {
    return this.groups.size > 0;
  }

  /** Adds a group of the VPC's endpoints, admitting everyone admitted so far. */
  public add(groupId: string): void {
    const key = JSON.stringify(Stack.of(this.vpc).resolve(groupId));
    if (this.groups.has(key)) return;
    this.groups.set(key, groupId);
    for (const { peer, description } of this.admitted) this.addRule(groupId, peer, description);
  }

  /** Lets `peer` reach the interface endpoints on 443: a rule in this stack on each endpoint group. */
  public admit(peer: ec2.IPeer, description: string): void {
    this.admitted.push({ peer, description });
    for (const groupId of this.groups.values()) this.addRule(groupId, peer, description);
    this.own?.addIngressRule(peer, HTTPS, description);
  }

  /** The group of the endpoints this stack creates, made on first use with every rule so far. */
  public ownGroup(): ec2.SecurityGroup {
    if (!this.own) {
      this.own = new ec2.SecurityGroup(this.vpc, 'EndpointSecurityGroup', {
        vpc: this.vpc,
        description: 'Interface VPC endpoints of an adopting stack: HTTPS from endpoint clients only',
        allowAllOutbound: false,
      });
      for (const { peer, description } of this.admitted) this.own.addIngressRule(peer, HTTPS, description);
    }
    return this.own;
  }

  // A rule of this stack on a group another stack or team owns: CloudFormation adds it to the group as it stands.
  private addRule(groupId: string, peer: ec2.IPeer, description: string): void {
    const config = peer.toIngressRuleConfig();
    const key = JSON.stringify(Stack.of(this.vpc).resolve({ groupId, ...config }));
    if (this.ruleKeys.has(key)) return;
    this.ruleKeys.add(key);
    new ec2.CfnSecurityGroupIngress(this.vpc, `EndpointIngress${this.ruleKeys.size}`, {
      groupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description,
      ...config,
    });
  }
}
