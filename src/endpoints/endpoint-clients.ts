import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { attachSecurityGroupToService } from './attach-security-group';
import { Subject } from '../base/errors';

/**
 * Makes `client` an endpoint client by giving it `clientGroup`, where it takes more groups: ECS
 * services in awsvpc mode and Auto Scaling groups. That keeps the endpoint group's rule count
 * constant however many workloads use the VPC. Returns false for anything else, which the caller
 * admits with a rule of its own.
 *
 * @param where the VPC, as messages name it, such as `IsolatedVpc 'App/Vpc'`
 */
export function joinEndpointClients(where: Subject, client: ec2.IConnectable, clientGroup: ec2.ISecurityGroup): boolean {
  if (client instanceof ecs.BaseService) {
    if (client.taskDefinition.networkMode !== ecs.NetworkMode.AWS_VPC) {
      throw where.error(
        `cannot grant endpoint access to service '${client.node.path}', whose tasks use network mode `
        + `'${client.taskDefinition.networkMode}' and so the instance's network interface. Grant access to the cluster's capacity instead: `
        + 'vpc.grantEndpointAccess(autoScalingGroup).',
      );
    }
    attachSecurityGroupToService(client, clientGroup);
    return true;
  }
  if (client instanceof autoscaling.AutoScalingGroup) {
    client.addSecurityGroup(clientGroup);
    return true;
  }
  return false;
}
