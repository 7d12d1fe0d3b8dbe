import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';

// ECS names services, task families and containers alike: up to 255 letters, digits, hyphens and underscores.
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * Why a service name is not one ECS accepts (it also names the task family and the container).
 */
export function serviceNameProblem(name: string): string | undefined {
  if (Token.isUnresolved(name) || ECS_NAME.test(name)) return undefined;
  const suggestion = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 255) || 'my-service';
  return `serviceName '${name}' is not a name ECS accepts for a service, task family and container: up to 255 letters, digits, hyphens and underscores. `
    + `Use, for example, '${suggestion}'.`;
}

/**
 * Why a container port is not a TCP port.
 */
export function containerPortProblem(port: number | undefined): string | undefined {
  if (port === undefined || Token.isUnresolved(port) || (Number.isInteger(port) && port >= 1 && port <= 65535)) return undefined;
  return `containerPort ${port} is not a TCP port. Use a whole number from 1 to 65535, the port the container listens on.`;
}

/**
 * Why a deployment with these limits could not progress.
 */
export function healthyPercentProblem(min: number, max: number): string | undefined {
  for (const [name, value] of [['minHealthyPercent', min], ['maxHealthyPercent', max]] as const) {
    if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < 0)) {
      return `${name} ${value} is not a percentage of desiredCount. Use a whole number of 0 or more (defaults: 75 and 200).`;
    }
  }
  if (Token.isUnresolved(min) || Token.isUnresolved(max) || min < max) return undefined;
  return `minHealthyPercent ${min} with maxHealthyPercent ${max}: a deployment must keep ${min}% of desiredCount running and may run at most ${max}%, `
    + 'so it can neither start a new task nor stop an old one, and never finishes. Make maxHealthyPercent larger than minHealthyPercent, '
    + 'such as 100 and 200 (a new task starts before an old one stops).';
}

/**
 * Why a cluster cannot run the service's tasks in `vpc`.
 */
export function clusterVpcProblem(cluster: ecs.ICluster, vpc: ec2.IVpc): string | undefined {
  if (cluster.vpc === vpc || (cluster.vpc && cluster.vpc.vpcId === vpc.vpcId)) return undefined;
  const where = cluster.vpc ? `is in vpc '${cluster.vpc.node.path}'` : 'was imported without a vpc';
  return `cluster '${cluster.node.path}' ${where}, not in vpc '${vpc.node.path}'. aws-cdk-lib places a service's tasks in its cluster's VPC, `
    + 'so the tasks would not reach this VPC\'s endpoints. Pass a cluster created with vpc, or leave cluster out to get one.';
}
