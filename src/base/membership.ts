import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

/** Whether a subnet, group or workload belongs to a VPC: yes, no, or not known at synth. */
export type Membership = 'same' | 'other' | 'unknown';

/**
 * The VPC a subnet belongs to, when the app knows it: the VPC construct it was created or imported
 * under (`ec2.Vpc`, `ec2.Vpc.fromVpcAttributes`, `ec2.Vpc.fromLookup`); undefined for a subnet
 * imported on its own (`ec2.Subnet.fromSubnetId`).
 */
export function vpcOfSubnet(subnet: ec2.ISubnet): ec2.IVpc | undefined {
  for (let scope = subnet.node.scope; scope; scope = scope.node.scope) {
    if (isVpc(scope)) return scope;
  }
  return undefined;
}

/**
 * The VPC ID of a security group the app creates (`ec2.SecurityGroup`); undefined for an imported one.
 */
export function vpcIdOfGroup(group: ec2.ISecurityGroup): string | undefined {
  const cfn = group.node.defaultChild;
  return cfn instanceof ec2.CfnSecurityGroup ? cfn.vpcId : undefined;
}

/**
 * Whether VPC ID `candidate` names the same VPC as `vpc`, as far as synth can tell: the same value,
 * resolved in `scope`'s stack; two literals that differ are another VPC; a token against a value
 * it may or may not resolve to is unknown.
 */
export function sameVpcId(scope: IConstruct, vpc: ec2.IVpc, candidate: string): Membership {
  if (candidate === vpc.vpcId) return 'same';
  const literal = !Token.isUnresolved(candidate) && !Token.isUnresolved(vpc.vpcId);
  if (literal) return 'other';
  const stack = Stack.of(scope);
  if (JSON.stringify(stack.resolve(candidate)) === JSON.stringify(stack.resolve(vpc.vpcId))) return 'same';
  // Two VPCs the app creates (each ID a reference to its own resource) are two VPCs.
  return Token.isUnresolved(candidate) && Token.isUnresolved(vpc.vpcId) && refersToResource(stack, candidate) && refersToResource(stack, vpc.vpcId) ? 'other' : 'unknown';
}

/**
 * Whether `subnet` is a subnet of `vpc` (or of the VPC it adopts, `raw`).
 */
export function subnetMembership(scope: IConstruct, vpc: ec2.IVpc, subnet: ec2.ISubnet): Membership {
  const owner = vpcOfSubnet(subnet);
  if (!owner) return 'unknown';
  if (owner === vpc) return 'same';
  return sameVpcId(scope, vpc, owner.vpcId);
}

/**
 * Whether `group` is a security group of `vpc`.
 */
export function groupMembership(scope: IConstruct, vpc: ec2.IVpc, group: ec2.ISecurityGroup): Membership {
  const id = vpcIdOfGroup(group);
  return id === undefined ? 'unknown' : sameVpcId(scope, vpc, id);
}

function isVpc(scope: IConstruct): scope is ec2.IVpc & IConstruct {
  const candidate = scope as Partial<ec2.IVpc>;
  return typeof candidate.vpcId === 'string' && Array.isArray(candidate.isolatedSubnets) && typeof candidate.selectSubnets === 'function';
}

function refersToResource(stack: Stack, value: string): boolean {
  const resolved = JSON.stringify(stack.resolve(value));
  return /^\{"(Ref|Fn::GetAtt|Fn::ImportValue)"/.test(resolved) && !/"AWS::/.test(resolved);
}
