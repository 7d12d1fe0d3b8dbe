import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { IsolatedVpcProps } from './isolated-vpc-props';
import { ipv4Range } from '../base/cidr';
import { Subject } from '../base/errors';
import { stateOf } from '../base/state';

/**
 * The `ec2.Vpc` settings of an `IsolatedVpc`: isolated subnets only, with a reserved block per zone,
 * no internet gateway, no NAT, DNS on. Throws on zones, names, masks and blocks that cannot work.
 */
export function isolatedVpcLayout(scope: Construct, id: string, props: IsolatedVpcProps): ec2.VpcProps {
  const cidr = props.cidr ?? '10.0.0.0/16';
  const maxAzs = props.maxAzs ?? 2;
  const mask = props.subnetCidrMask ?? 18;
  const reserve = props.reserveSubnets ?? true;
  const where = Subject.call(scope, `IsolatedVpc '${scope.node.path ? `${scope.node.path}/` : ''}${id}'`);
  checkZones(where, scope, props.availabilityZones ?? []);
  checkSettings(where, props, maxAzs, mask);
  if (!Token.isUnresolved(cidr)) {
    const azCount = props.availabilityZones?.length ?? Math.min(maxAzs, Stack.of(scope).availabilityZones.length);
    checkBlock(where, cidr, mask, (reserve ? 2 : 1) * azCount, reserve, azCount);
  }

  const subnetType = ec2.SubnetType.PRIVATE_ISOLATED;
  return {
    ipAddresses: ec2.IpAddresses.cidr(cidr),
    maxAzs: props.availabilityZones ? undefined : maxAzs,
    availabilityZones: props.availabilityZones,
    natGateways: 0,
    createInternetGateway: false,
    enableDnsHostnames: true,
    enableDnsSupport: true,
    vpcName: props.vpcName,
    restrictDefaultSecurityGroup: props.restrictDefaultSecurityGroup ?? true,
    subnetConfiguration: [
      ...(reserve ? [{ name: 'Reserved', subnetType, cidrMask: mask, reserved: true }] : []),
      { name: 'Isolated', subnetType, cidrMask: mask },
    ],
  };
}

// The blocks of the app's isolated VPCs, by app: overlapping VPCs of one account and region can never be joined.

function checkZones(where: Subject, scope: Construct, zones: string[]): void {
  const region = Stack.of(scope).region;
  for (const [i, az] of zones.entries()) {
    if (Token.isUnresolved(az)) continue;
    if (!Token.isUnresolved(region) && !az.startsWith(region)) {
      where.fail(`availability zone '${az}' is not in the stack's region ${region}. Use zones of ${region}, such as '${region}a', or leave availabilityZones out.`);
    }
    if (zones.indexOf(az) !== i) where.fail(`availability zone '${az}' is listed twice. Each zone gets one subnet; list each once.`);
  }
}

function checkSettings(where: Subject, props: IsolatedVpcProps, maxAzs: number, mask: number): void {
  if (props.vpcName !== undefined && !Token.isUnresolved(props.vpcName) && (props.vpcName.length === 0 || props.vpcName.length > 255)) {
    where.fail(`vpcName of ${props.vpcName.length} characters cannot be a Name tag, which holds 1 to 255. Use a shorter name, or leave it out.`);
  }
  if (!Number.isInteger(maxAzs) || maxAzs < 1) {
    where.fail(`maxAzs ${maxAzs} is not a whole number of at least 1. Use 2 (the default) or more for high availability, 1 only for development.`);
  }
  if (!Number.isInteger(mask) || mask < 16 || mask > 28) {
    where.fail(`subnetCidrMask ${mask} is outside what a subnet can have. Use a prefix length from 16 to 28 (the default is 18).`);
  }
  checkContradictions(where, props);
}

// Props that another prop makes meaningless: a user who sets both expects both to count.
function checkContradictions(where: Subject, props: IsolatedVpcProps): void {
  const zones = props.availabilityZones;
  if (zones && props.maxAzs !== undefined && props.maxAzs !== zones.length) {
    where.fail(`maxAzs ${props.maxAzs} and availabilityZones (${zones.length} zone${zones.length === 1 ? '' : 's'}: ${zones.join(', ')}) contradict each other: `
      + `with availabilityZones the VPC uses exactly those zones. Leave maxAzs out, or list ${props.maxAzs} zones.`);
  }
  const logSettings = (['flowLogBucket', 'flowLogRetention', 'logEncryptionKey'] as const).filter((name) => props[name] !== undefined);
  if (props.flowLogs === false && logSettings.length > 0) {
    where.fail(`flowLogs is false, so ${logSettings.join(' and ')} would do nothing. Remove ${logSettings.length === 1 ? 'it' : 'them'}, or leave flowLogs on.`);
  }
  const groupOnly = (['flowLogRetention', 'logEncryptionKey'] as const).filter((name) => props[name] !== undefined);
  if (props.flowLogBucket && groupOnly.length > 0) {
    where.fail(`flowLogBucket sends the flow logs to S3, so ${groupOnly.join(' and ')}, which ${groupOnly.length === 1 ? 'configures' : 'configure'} the CloudWatch `
      + 'log group, would do nothing. Set retention and encryption on the bucket, or leave flowLogBucket out.');
  }
  if (props.associateSharedEndpointsProfile !== undefined && props.sharedEndpoints === undefined) {
    where.fail('associateSharedEndpointsProfile is given without sharedEndpoints, so there is no hub Profile to associate and it would do nothing. '
      + 'Give the hub: sharedEndpoints: hub.reference, or leave associateSharedEndpointsProfile out.');
  }
}

// The VPC's block must be one a VPC can have, and hold a subnet (and a reserved block) per zone.
function checkBlock(where: Subject, cidr: string, mask: number, needed: number, reserve: boolean, azCount: number): void {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const prefix = match ? Number(match[5]) : NaN;
  if (!match || match.slice(1, 5).some((o) => Number(o) > 255) || prefix < 16 || prefix > 28) {
    where.fail(`cidr '${cidr}' is not an IPv4 CIDR block that a VPC can have. Use a block from /16 to /28, such as '10.0.0.0/16' (the default).`);
  }
  if (mask < prefix) where.fail(`subnetCidrMask ${mask} makes subnets larger than the VPC's cidr '${cidr}'. Use a subnetCidrMask of at least ${prefix}.`);
  const blocks = 2 ** (mask - prefix);
  if (needed > blocks) {
    where.fail(`${azCount} AZs with /${mask} subnets${reserve ? ' and a reserved block of the same size per AZ' : ''} need ${needed} blocks of /${mask}, `
      + `but cidr '${cidr}' holds ${blocks}. Use a larger subnetCidrMask (such as ${mask + Math.ceil(Math.log2(needed / blocks))}), fewer AZs`
      + `${reserve ? ', or reserveSubnets: false' : ''}.`);
  }
}

/**
 * Warns of a VPC block that overlaps another isolated VPC's of the same account and region (they
 * could never be peered or share a transit gateway), or Docker's bridge network on EC2 instances.
 */
export function warnAboutCidr(vpc: IConstruct, cidr: string): void {
  const stack = Stack.of(vpc);
  const env = `${stack.resolve(stack.account)}|${stack.resolve(stack.region)}`;
  const known = stateOf(vpc.node.root, 'vpc-ranges', () => [] as Array<{ env: string; range: [number, number]; cidr: string; path: string }>);
  const range = ipv4Range(cidr);
  if (range) {
    for (const other of known.filter((k) => k.env === env && k.range[0] <= range[1] && range[0] <= k.range[1])) {
      Annotations.of(vpc).addWarningV2('isolated-ecs-constructs:overlapping-cidr',
        `IsolatedVpc '${vpc.node.path}': cidr '${cidr}' overlaps cidr '${other.cidr}' of IsolatedVpc '${other.path}' in the same account and region, `
        + 'so the two can never be peered or attached to one transit gateway. Give each VPC its own block, such as 10.1.0.0/16.');
    }
    known.push({ env, range, cidr, path: vpc.node.path });
  }
  // 172.17.0.0/16 is Docker's default bridge on EC2 container instances (the ECS developer guide warns
  // against it). VPC blocks are /16 or smaller, so a block overlaps it when it starts with 172.17.
  if (!Token.isUnresolved(cidr) && /^172\.17\./.test(cidr)) {
    Annotations.of(vpc).addWarningV2('isolated-ecs-constructs:docker-bridge-cidr',
      `IsolatedVpc '${vpc.node.path}': cidr '${cidr}' overlaps 172.17.0.0/16, the Docker bridge network of EC2 container instances: containers `
      + 'in bridge network mode cannot reach addresses in it. Fine for Fargate; with EC2 capacity, use another range, such as 10.0.0.0/16.');
  }
}
