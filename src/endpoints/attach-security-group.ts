import { Lazy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * Puts `group` on the service's task network interfaces without adding it to
 * `service.connections`: otherwise `service.connections.allowFrom(...)` would open the shared
 * group, and with it every other workload that carries it.
 */
export function attachSecurityGroupToService(service: ecs.BaseService, group: ec2.ISecurityGroup): void {
  const cfn = service.node.defaultChild as ecs.CfnService;
  const rendered = Lazy.list({
    produce: () => unique([...service.connections.securityGroups.map((sg) => sg.securityGroupId), group.securityGroupId]),
  });
  cfn.addPropertyOverride('NetworkConfiguration.AwsvpcConfiguration.SecurityGroups', rendered);
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
