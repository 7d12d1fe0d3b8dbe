import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { isUnchangeable } from './declared';
import { JobNetwork } from './discovery';

/** The most security groups one task's network interface can have (ECS awsvpcConfiguration). */
const MAX_TASK_SECURITY_GROUPS = 5;

/**
 * Appends the VPC's endpoint client group to the groups a rule's or a schedule's ECS target gives
 * its tasks, so they reach the endpoints as services do; without groups, EventBridge and Scheduler
 * use the VPC's default group, which an IsolatedVpc strips of every rule. Returns why it cannot.
 */
export function attachClientGroup(who: string, network: Extract<JobNetwork, { kind: 'override' }>, client: ec2.ISecurityGroup): string | undefined {
  const stack = Stack.of(network.resource);
  const clientId = JSON.stringify(stack.resolve(client.securityGroupId));
  if (network.groups.some((g) => JSON.stringify(g) === clientId)) return undefined;
  if (network.groups.length >= MAX_TASK_SECURITY_GROUPS) {
    return `${who}: its tasks have ${network.groups.length} security groups, the most a task can have, so the library cannot add the VPC's endpoint `
      + `client group, and the tasks would not reach the endpoints. Give the target at most ${MAX_TASK_SECURITY_GROUPS - 1} security groups.`;
  }
  network.resource.addPropertyOverride(network.path, [...network.groups, client.securityGroupId]);
  return undefined;
}

/**
 * Lets the interface endpoints admit the groups of a job whose groups the library cannot change.
 * Returns why a group cannot reach them.
 */
export function admitJobGroups(
  who: string, groups: ec2.ISecurityGroup[], host: { grantEndpointAccess(client: ec2.IConnectable): void },
): string | undefined {
  const stuck = groups.filter((g) => isUnchangeable(g) && !g.allowAllOutbound);
  if (stuck.length > 0) {
    return `${who}: security group${stuck.length === 1 ? '' : 's'} ${stuck.map((g) => `'${g.node.path}'`).join(', ')} ${stuck.length === 1 ? 'is' : 'are'} imported `
      + 'with mutable: false and allowAllOutbound: false, so the tasks cannot reach the endpoints on 443 and the library may not add the rule. '
      + 'Import with mutable: true (the library adds the egress rule), or with allowAllOutbound: true if the group allows all outbound traffic.';
  }
  for (const group of groups) host.grantEndpointAccess(group);
  return undefined;
}
