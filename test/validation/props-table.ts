// What is checked of every prop of every public props struct and option struct: one or more wrong
// values with the message they fail with, or why any value is valid. test/validation/props-table.test.ts
// requires an entry for each property the jsii assembly lists, so a new prop cannot go unchecked.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  ExistingIsolatedVpcProps, IsolatedImage, IsolatedVpc, IsolatedVpcProps, PrivateFargateService, PrivateFargateServiceProps,
  SharedEndpoints, SharedEndpointsProps, EndpointPolicy,
} from '../../src';
import { ENV, IMAGE } from '../util';

/** A wrong value of a prop, and what the library says of it. */
export interface WrongValue {
  /** The value as the docs show it. */
  readonly value: string;
  /** Builds the app with it; throws (at construction or at synth) with `message`. */
  readonly build: () => unknown;
  readonly message: RegExp;
}

/** What is checked of one prop. */
export interface Entry {
  readonly wrong?: WrongValue[];
  /** Why every value of the prop's type works, when none is wrong. */
  readonly anyValue?: string;
}

const stack = () => new Stack(new App(), 'App', { env: ENV });
const synth = (build: (s: Stack) => unknown) => () => {
  const s = stack();
  build(s);
  (s.node.root as App).synth();
};
const vpc = (props: IsolatedVpcProps) => () => new IsolatedVpc(stack(), 'Vpc', props);
const service = (props: Partial<PrivateFargateServiceProps>) => () => {
  const s = stack();
  return new PrivateFargateService(s, 'Svc', { vpc: new IsolatedVpc(s, 'Vpc'), image: IMAGE, ...props });
};
const raw = (s: Stack) => ec2.Vpc.fromVpcAttributes(s, 'Raw', {
  vpcId: 'vpc-0abc', availabilityZones: ['us-east-1a'], isolatedSubnetIds: ['subnet-i1'], isolatedSubnetRouteTableIds: ['rtb-i1'],
});
const adopt = (props: Partial<ExistingIsolatedVpcProps>) => () => {
  const s = stack();
  return IsolatedVpc.fromExistingVpc(s, 'Network', { vpc: raw(s), ...props });
};
const hub = (props: Partial<SharedEndpointsProps>) => () => {
  const s = stack();
  const v = new IsolatedVpc(s, 'Hub', { cidr: '10.100.0.0/16' });
  return new SharedEndpoints(s, 'Shared', { vpc: v, allowedCidrs: ['10.0.0.0/8'], ...props });
};
const spoke = (reference: Partial<NonNullable<IsolatedVpcProps['sharedEndpoints']>>) =>
  vpc({ cidr: '10.1.0.0/16', sharedEndpoints: { profileId: 'rp-0abc', services: ['ecr.api'], hubCidr: '10.100.0.0/16', ...reference } });
const job = (options: (s: Stack) => Parameters<IsolatedVpc['addJob']>[1]) => () => {
  const s = stack();
  const v = new IsolatedVpc(s, 'Vpc');
  const task = new ecs.FargateTaskDefinition(s, 'Job');
  task.addContainer('Main', { image: IMAGE });
  v.addJob(task, options(s));
};
const ANY_SERVICES = 'a list of endpoint services from aws-cdk-lib\'s catalog: each one is an endpoint the VPC can have';
const ANY_TOGGLE = 'a switch: both values are legitimate choices';
const LOOKUP = 'read by ec2.Vpc.fromLookup, which fails the lookup itself with its own message when nothing matches';

export const PROPS_TABLE: Record<string, Entry> = {
  // IsolatedVpc
  'IsolatedVpcProps.cidr': { wrong: [{ value: "'10.0.0.0/8'", build: vpc({ cidr: '10.0.0.0/8' }), message: /cidr '10.0.0.0\/8' is not an IPv4 CIDR block that a VPC can have/ }] },
  'IsolatedVpcProps.maxAzs': {
    wrong: [
      { value: '0', build: vpc({ maxAzs: 0 }), message: /maxAzs 0 is not a whole number of at least 1/ },
      { value: "3 with availabilityZones ['us-east-1a', 'us-east-1b']", build: vpc({ maxAzs: 3, availabilityZones: ['us-east-1a', 'us-east-1b'] }), message: /maxAzs 3 and availabilityZones .* contradict each other/ },
    ],
  },
  'IsolatedVpcProps.availabilityZones': {
    wrong: [
      { value: "['eu-west-1a'] in us-east-1", build: vpc({ availabilityZones: ['eu-west-1a'] }), message: /availability zone 'eu-west-1a' is not in the stack's region us-east-1/ },
      { value: "['us-east-1a', 'us-east-1a']", build: vpc({ availabilityZones: ['us-east-1a', 'us-east-1a'] }), message: /availability zone 'us-east-1a' is listed twice/ },
    ],
  },
  'IsolatedVpcProps.subnetCidrMask': { wrong: [{ value: '30', build: vpc({ subnetCidrMask: 30 }), message: /subnetCidrMask 30 is outside what a subnet can have/ }] },
  'IsolatedVpcProps.reserveSubnets': { wrong: [{ value: "true with cidr '10.0.0.0/24' and subnetCidrMask 25", build: vpc({ cidr: '10.0.0.0/24', subnetCidrMask: 25 }), message: /need 4 blocks of \/25, but cidr '10.0.0.0\/24' holds 2/ }] },
  'IsolatedVpcProps.vpcName': { wrong: [{ value: "''", build: vpc({ vpcName: '' }), message: /vpcName of 0 characters cannot be a Name tag/ }] },
  'IsolatedVpcProps.endpoints': { anyValue: 'every preset, custom list or AUTO is a set of endpoints the VPC can have; what a workload then lacks fails synth with the workload\'s message' },
  'IsolatedVpcProps.endpointPolicy': { anyValue: 'built by EndpointPolicy.accounts() or organization(), which refuse wrong IDs themselves' },
  'IsolatedVpcProps.endpointHourlyPrice': { wrong: [{ value: '-1', build: vpc({ endpointHourlyPrice: -1 }), message: /endpointHourlyPrice -1 is not a price/ }] },
  'IsolatedVpcProps.flowLogs': { wrong: [{ value: 'false with flowLogRetention', build: vpc({ flowLogs: false, flowLogRetention: logs.RetentionDays.ONE_WEEK }), message: /flowLogs is false, so flowLogRetention would do nothing/ }] },
  'IsolatedVpcProps.flowLogBucket': { anyValue: 'any bucket of the app or imported; with flowLogRetention or logEncryptionKey it is refused under those props' },
  'IsolatedVpcProps.flowLogRetention': {
    wrong: [{
      value: 'with flowLogBucket',
      build: () => {
        const s = stack();
        return new IsolatedVpc(s, 'Vpc', { flowLogBucket: s3.Bucket.fromBucketName(s, 'B', 'logs'), flowLogRetention: logs.RetentionDays.ONE_WEEK });
      },
      message: /flowLogBucket sends the flow logs to S3, so flowLogRetention/,
    }],
  },
  'IsolatedVpcProps.logEncryptionKey': {
    wrong: [{
      value: 'with flowLogs: false',
      build: () => {
        const s = stack();
        return new IsolatedVpc(s, 'Vpc', { flowLogs: false, logEncryptionKey: new kms.Key(s, 'K') });
      },
      message: /flowLogs is false, so logEncryptionKey would do nothing/,
    }],
  },
  'IsolatedVpcProps.guardDutyRuntimeMonitoring': { wrong: [{ value: 'true in a Region without the agent', build: () => new IsolatedVpc(new Stack(new App(), 'App', { env: { account: '111111111111', region: 'eu-south-9' } }), 'Vpc', { availabilityZones: ['eu-south-9a'], guardDutyRuntimeMonitoring: true }), message: /guardDutyRuntimeMonitoring is true, but AWS publishes no GuardDuty agent repository/ }] },
  'IsolatedVpcProps.lookupEndpointAvailabilityZones': { wrong: [{ value: 'true in a stack without an environment', build: () => new IsolatedVpc(new Stack(new App(), 'App'), 'Vpc', { lookupEndpointAvailabilityZones: true }), message: /lookupEndpointAvailabilityZones needs a stack with an explicit account and region/ }] },
  'IsolatedVpcProps.restrictDefaultSecurityGroup': { anyValue: ANY_TOGGLE },
  'IsolatedVpcProps.sharedEndpoints': {
    wrong: [
      { value: "{ profileId: 'my-profile' }", build: spoke({ profileId: 'my-profile' }), message: /profileId 'my-profile' is not a Route 53 Profile ID/ },
      { value: "{ transitGatewayId: 'tgw-attach-0abc' }", build: spoke({ transitGatewayId: 'tgw-attach-0abc' }), message: /transitGatewayId 'tgw-attach-0abc' is a transit gateway attachment ID/ },
      { value: "{ hubCidr: '10.1.0.0/16' } for a spoke in '10.1.0.0/16'", build: spoke({ hubCidr: '10.1.0.0/16' }), message: /hubCidr '10.1.0.0\/16' overlaps the spoke's cidr/ },
    ],
  },
  'IsolatedVpcProps.associateSharedEndpointsProfile': { wrong: [{ value: 'false without sharedEndpoints', build: vpc({ associateSharedEndpointsProfile: false }), message: /associateSharedEndpointsProfile is given without sharedEndpoints/ }] },
  // SharedEndpointsReference (a spoke's view of its hub)
  'SharedEndpointsReference.profileId': { wrong: [{ value: "'my-profile'", build: spoke({ profileId: 'my-profile' }), message: /is not a Route 53 Profile ID/ }] },
  'SharedEndpointsReference.services': { wrong: [{ value: '[]', build: spoke({ services: [] }), message: /the hub serves no services/ }] },
  'SharedEndpointsReference.hubCidr': { wrong: [{ value: "'10.100.0/16'", build: spoke({ hubCidr: '10.100.0/16' }), message: /hubCidr holds '10.100.0\/16', which is not an IPv4 CIDR block/ }] },
  'SharedEndpointsReference.transitGatewayId': { wrong: [{ value: "'tgw-attach-0abc'", build: spoke({ transitGatewayId: 'tgw-attach-0abc' }), message: /is a transit gateway attachment ID, not a transit gateway ID/ }] },
  'SharedEndpointsReference.awsOwnedImages': { anyValue: 'what the hub declares; a spoke whose workloads need more gets the hub-exceptions warning' },
  'SharedEndpointsReference.guardDutyAgent': { anyValue: 'what the hub declares; a spoke whose workloads need more gets the hub-exceptions warning' },
  // SharedEndpoints (a hub)
  'SharedEndpointsProps.vpc': { anyValue: 'an IsolatedVpc; one with no endpoints to share is refused under services' },
  'SharedEndpointsProps.allowedCidrs': {
    wrong: [
      { value: '[]', build: hub({ allowedCidrs: [] }), message: /allowedCidrs is empty/ },
      { value: "['10.100.128.0/17'] inside the hub's '10.100.0.0/16'", build: hub({ allowedCidrs: ['10.100.128.0/17'] }), message: /lies inside the hub's own cidr/ },
    ],
  },
  'SharedEndpointsProps.shareWith': {
    wrong: [
      { value: "['o-a1b2c3d4e5']", build: hub({ shareWith: ['o-a1b2c3d4e5'] }), message: /shareWith holds 'o-a1b2c3d4e5', which is not an account ID/ },
      {
        value: 'an organization the hub does not trust',
        build: () => {
          const s = stack();
          const v = new IsolatedVpc(s, 'Hub', { cidr: '10.100.0.0/16', endpointPolicy: EndpointPolicy.organization('o-a1b2c3d4e5') });
          return new SharedEndpoints(s, 'Shared', { vpc: v, allowedCidrs: ['10.0.0.0/8'], shareWith: ['arn:aws:organizations::111111111111:organization/o-other12345'] });
        },
        message: /of another organization than o-a1b2c3d4e5/,
      },
    ],
  },
  'SharedEndpointsProps.transitGatewayId': { wrong: [{ value: "'tgw-attach-0abc'", build: hub({ transitGatewayId: 'tgw-attach-0abc' }), message: /is a transit gateway attachment ID, not a transit gateway ID/ }] },
  'SharedEndpointsProps.transitGatewayRouteTableId': {
    wrong: [
      { value: "'tgw-0abc'", build: hub({ transitGatewayId: 'tgw-0abc', transitGatewayRouteTableId: 'tgw-0abc' }), message: /is a transit gateway ID, not a transit gateway route table ID/ },
      { value: 'without transitGatewayId', build: hub({ transitGatewayRouteTableId: 'tgw-rtb-0abc' }), message: /transitGatewayRouteTableId is given without transitGatewayId/ },
    ],
  },
  'SharedEndpointsProps.services': { anyValue: 'endpoint services from aws-cdk-lib\'s catalog, which the hub VPC adds when it lacks them' },
  'SharedEndpointsProps.profileId': { wrong: [{ value: "'landing-zone'", build: hub({ profileId: 'landing-zone' }), message: /profileId 'landing-zone' is not a Route 53 Profile ID/ }] },
  'SharedEndpointsProps.awsOwnedImages': { anyValue: ANY_TOGGLE },
  'SharedEndpointsProps.otherAccountRepositories': { wrong: [{ value: "['222222222222/app']", build: hub({ otherAccountRepositories: ['222222222222/app'] }), message: /otherAccountRepositories holds '222222222222\/app', which is not an ECR repository ARN/ }] },
  // ExistingIsolatedVpc
  'ExistingIsolatedVpcProps.vpc': {
    wrong: [{
      value: 'an imported VPC of another Region',
      build: () => {
        const s = stack();
        const elsewhere = ec2.Vpc.fromVpcAttributes(s, 'Raw', { vpcId: 'vpc-0abc', availabilityZones: ['eu-west-1a'], isolatedSubnetIds: ['subnet-1'], region: 'eu-west-1' });
        return IsolatedVpc.fromExistingVpc(s, 'Network', { vpc: elsewhere });
      },
      message: /the VPC is in eu-west-1, but this stack deploys to us-east-1/,
    }],
  },
  'ExistingIsolatedVpcProps.endpoints': { wrong: [{ value: '[ECR, ECR]', build: adopt({ endpoints: [ec2.InterfaceVpcEndpointAwsService.ECR, ec2.InterfaceVpcEndpointAwsService.ECR] }), message: /endpoint 'ecr.api' is listed twice/ }] },
  'ExistingIsolatedVpcProps.gatewayEndpoints': { wrong: [{ value: '[S3, S3]', build: adopt({ gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.S3, ec2.GatewayVpcEndpointAwsService.S3] }), message: /gateway endpoint 's3' is listed twice/ }] },
  'ExistingIsolatedVpcOptions.subnets': {
    wrong: [{
      value: 'a subnet of another VPC',
      build: () => {
        const s = stack();
        const other = ec2.Vpc.fromVpcAttributes(s, 'Second', { vpcId: 'vpc-0second', availabilityZones: ['us-east-1a'], isolatedSubnetIds: ['subnet-s1'] });
        return IsolatedVpc.fromExistingVpc(s, 'Network', { vpc: raw(s), subnets: { subnets: other.isolatedSubnets } });
      },
      message: /holds subnet 'App\/Second\/IsolatedSubnet1' of another VPC/,
    }],
  },
  'ExistingIsolatedVpcOptions.privateSubnetsHaveNoInternetEgress': { anyValue: 'the owner\'s promise about routes synth cannot see; without it, private subnets are refused under subnets' },
  'ExistingIsolatedVpcOptions.centralEndpoints': { wrong: [{ value: 'a service also in endpoints', build: adopt({ endpoints: [ec2.InterfaceVpcEndpointAwsService.ECR], centralEndpoints: [ec2.InterfaceVpcEndpointAwsService.ECR] }), message: /is listed twice \(in endpoints and in centralEndpoints\)/ }] },
  'ExistingIsolatedVpcOptions.endpointSecurityGroup': {
    wrong: [{
      value: 'a group of another VPC',
      build: () => {
        const s = stack();
        const second = ec2.Vpc.fromVpcAttributes(s, 'Second', { vpcId: 'vpc-0second', availabilityZones: ['us-east-1a'], isolatedSubnetIds: ['subnet-s1'] });
        return IsolatedVpc.fromExistingVpc(s, 'Network', { vpc: raw(s), endpointSecurityGroup: new ec2.SecurityGroup(s, 'G', { vpc: second }) });
      },
      message: /endpointSecurityGroup 'App\/G' is a security group of another VPC/,
    }],
  },
  'ExistingIsolatedVpcOptions.createMissingEndpoints': { wrong: [{ value: 'true in a VPC of another account', build: adopt({ createMissingEndpoints: true, vpcOwnerAccountId: '222222222222' }), message: /createMissingEndpoints: true, but the VPC belongs to account 222222222222/ }] },
  'ExistingIsolatedVpcOptions.endpointPolicy': { anyValue: 'built by EndpointPolicy.accounts() or organization(), which refuse wrong IDs themselves' },
  'ExistingIsolatedVpcOptions.vpcOwnerAccountId': { wrong: [{ value: "'o-a1b2c3d4e5'", build: adopt({ vpcOwnerAccountId: 'o-a1b2c3d4e5' }), message: /vpcOwnerAccountId 'o-a1b2c3d4e5' is not an account ID/ }] },
  'ExistingIsolatedVpcOptions.guardDutyRuntimeMonitoring': {
    wrong: [{
      value: 'true in a Region without the agent',
      build: () => {
        const s = new Stack(new App(), 'App', { env: { account: '111111111111', region: 'eu-south-9' } });
        const r = ec2.Vpc.fromVpcAttributes(s, 'Raw', { vpcId: 'vpc-0abc', availabilityZones: ['eu-south-9a'], isolatedSubnetIds: ['subnet-1'] });
        return IsolatedVpc.fromExistingVpc(s, 'Network', { vpc: r, guardDutyRuntimeMonitoring: true });
      },
      message: /guardDutyRuntimeMonitoring is true, but AWS publishes no GuardDuty agent repository/,
    }],
  },
  // IsolatedVpc.lookupExisting
  'ExistingIsolatedVpcLookupOptions.vpcId': { wrong: [{ value: 'nothing to find the VPC by', build: () => IsolatedVpc.lookupExisting(stack(), 'Network', {}), message: /nothing to find the VPC by. Give vpcId, vpcName or tags/ }] },
  'ExistingIsolatedVpcLookupOptions.vpcName': { anyValue: LOOKUP },
  'ExistingIsolatedVpcLookupOptions.tags': { anyValue: LOOKUP },
  'ExistingIsolatedVpcLookupOptions.ownerAccountId': { anyValue: LOOKUP },
  'ExistingIsolatedVpcLookupOptions.subnetGroupNameTag': { anyValue: LOOKUP },
  'ExistingIsolatedVpcLookupOptions.lookupEndpoints': { anyValue: ANY_TOGGLE },
  'ExistingIsolatedVpcLookupOptions.endpoints': { anyValue: `${ANY_SERVICES}; one listed twice is refused as for fromExistingVpc` },
  'ExistingIsolatedVpcLookupOptions.gatewayEndpoints': { anyValue: 'gateway services; one listed twice is refused as for fromExistingVpc' },
  // addJob
  'JobOptions.securityGroups': { wrong: [{ value: 'a group of another VPC', build: job((s: Stack) => ({ securityGroups: [new ec2.SecurityGroup(s, 'G', { vpc: new ec2.Vpc(s, 'Other', { natGateways: 0, subnetConfiguration: [{ name: 'I', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }) })] })), message: /security group 'App\/G' is of another VPC/ }] },
  'JobOptions.cluster': {
    wrong: [{
      value: 'a cluster without EC2 capacity for an EC2-only job',
      build: synth((s) => {
        const v = new IsolatedVpc(s, 'Vpc');
        const task = new ecs.Ec2TaskDefinition(s, 'Job', { networkMode: ecs.NetworkMode.AWS_VPC });
        task.addContainer('Main', { image: IMAGE, memoryLimitMiB: 256 });
        v.addJob(task, { cluster: new ecs.Cluster(s, 'Cluster', { vpc: v }) });
      }),
      message: /runs on EC2 capacity only, but cluster 'App\/Cluster' has none/,
    }],
  },
  'JobOptions.enableExecuteCommand': { anyValue: 'a switch; with Exec on, the job needs the ssmmessages endpoint, which a fixed preset without it fails synth for' },
  'JobOptions.startedBy': { anyValue: 'any construct: it is named in messages and made to wait for the endpoints' },
  // IsolatedImage.fromPullThroughCache
  'PullThroughCacheOptions.repositoryPrefix': { wrong: [{ value: "'X'", build: () => IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1.27', { repositoryPrefix: 'X' }), message: /repositoryPrefix 'X' is not an ECR repository prefix/ }] },
  'PullThroughCacheOptions.credentials': {
    wrong: [{
      value: 'given for public.ecr.aws',
      build: () => {
        const s = stack();
        const secret = new secretsmanager.Secret(s, 'Creds', { secretName: 'ecr-pullthroughcache/x' });
        const v = new IsolatedVpc(s, 'Vpc');
        return new PrivateFargateService(s, 'Svc', { vpc: v, image: IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1.27', { credentials: secret }) });
      },
      message: /takes no credentials for a pull-through cache/,
    }],
  },
  // PrivateFargateService
  'PrivateFargateServiceProps.vpc': {
    wrong: [{
      value: 'a plain ec2.Vpc',
      build: () => {
        const s = stack();
        return new PrivateFargateService(s, 'Svc', { vpc: new ec2.Vpc(s, 'Plain'), image: IMAGE });
      },
      message: /vpc 'App\/Plain' has public subnets/,
    }],
  },
  'PrivateFargateServiceProps.image': { wrong: [{ value: "ecs.ContainerImage.fromRegistry('nginx')", build: service({ image: ecs.ContainerImage.fromRegistry('nginx') }), message: /IsolatedImage.fromPullThroughCache/ }] },
  'PrivateFargateServiceProps.serviceName': { wrong: [{ value: "'my service'", build: service({ serviceName: 'my service' }), message: /serviceName/ }] },
  'PrivateFargateServiceProps.cpu': { wrong: [{ value: '300', build: service({ cpu: 300 }), message: /cpu 300/ }] },
  'PrivateFargateServiceProps.memoryLimitMiB': { wrong: [{ value: '4096 with cpu 256', build: service({ memoryLimitMiB: 4096 }), message: /4096/ }] },
  'PrivateFargateServiceProps.desiredCount': { wrong: [{ value: '1.5', build: service({ desiredCount: 1.5 }), message: /desiredCount 1.5 is not a whole number of tasks/ }] },
  'PrivateFargateServiceProps.minHealthyPercent': { wrong: [{ value: '200 with maxHealthyPercent 200', build: service({ minHealthyPercent: 200 }), message: /minHealthyPercent/ }] },
  'PrivateFargateServiceProps.maxHealthyPercent': { wrong: [{ value: '50', build: service({ maxHealthyPercent: 50 }), message: /maxHealthyPercent/ }] },
  'PrivateFargateServiceProps.containerPort': { wrong: [{ value: '70000', build: service({ containerPort: 70000 }), message: /containerPort/ }] },
  'PrivateFargateServiceProps.enableExecuteCommand': { wrong: [{ value: 'true with readonlyRootFilesystem', build: service({ readonlyRootFilesystem: true }), message: /readonlyRootFilesystem true with enableExecuteCommand true/ }] },
  'PrivateFargateServiceProps.readonlyRootFilesystem': { wrong: [{ value: 'true with ECS Exec', build: service({ readonlyRootFilesystem: true }), message: /readonlyRootFilesystem true with enableExecuteCommand true/ }] },
  'PrivateFargateServiceProps.platformVersion': { wrong: [{ value: 'VERSION1_3', build: service({ platformVersion: ecs.FargatePlatformVersion.VERSION1_3 }), message: /platformVersion 1.3.0 predates Fargate 1.4.0/ }] },
  'PrivateFargateServiceProps.execKmsKey': {
    wrong: [{
      value: 'with enableExecuteCommand: false',
      build: () => {
        const s = stack();
        const key = new kms.Key(s, 'K');
        return new PrivateFargateService(s, 'Svc', { vpc: new IsolatedVpc(s, 'Vpc'), image: IMAGE, enableExecuteCommand: false, execKmsKey: key });
      },
      message: /enableExecuteCommand is false, so execKmsKey, which configures ECS Exec, would do nothing/,
    }],
  },
  'PrivateFargateServiceProps.execSessionLogging': {
    wrong: [{
      value: 'with a cluster passed',
      build: () => {
        const s = stack();
        const v = new IsolatedVpc(s, 'Vpc');
        return new PrivateFargateService(s, 'Svc', { vpc: v, image: IMAGE, cluster: new ecs.Cluster(s, 'C', { vpc: v }), execSessionLogging: false });
      },
      message: /execKmsKey and execSessionLogging configure the cluster this construct creates, but a cluster was passed/,
    }],
  },
  'PrivateFargateServiceProps.cluster': {
    wrong: [{
      value: 'a cluster of another VPC',
      build: () => {
        const s = stack();
        const other = new IsolatedVpc(s, 'Other', { cidr: '10.9.0.0/16' });
        return new PrivateFargateService(s, 'Svc', { vpc: new IsolatedVpc(s, 'Vpc'), image: IMAGE, cluster: new ecs.Cluster(s, 'C', { vpc: other }) });
      },
      message: /cluster/,
    }],
  },
  'PrivateFargateServiceProps.cpuArchitecture': { anyValue: 'both architectures run on Fargate; the image must be built for the one chosen' },
  'PrivateFargateServiceProps.command': { anyValue: 'what the container runs is the application\'s' },
  'PrivateFargateServiceProps.environment': { anyValue: 'plain variables are the application\'s; secrets go in secrets, whose endpoints are checked' },
  'PrivateFargateServiceProps.secrets': { anyValue: 'any ecs.Secret: its endpoint (secretsmanager or ssm) is derived, and a fixed preset without it fails synth' },
  'PrivateFargateServiceProps.logRetention': { anyValue: 'every retention CloudWatch Logs offers' },
  'PrivateFargateServiceProps.logRemovalPolicy': { anyValue: 'every removal policy is a legitimate choice' },
  'PrivateFargateServiceProps.logEncryptionKey': { anyValue: 'any key: its policy is extended so CloudWatch Logs of the Region may use it' },
  'PrivateFargateServiceProps.rollbackOnFailure': { anyValue: ANY_TOGGLE },
  // Outputs, not inputs
  'EndpointExplanation.endpoint': { anyValue: 'an output of explainEndpoints(), never given by users' },
  'EndpointExplanation.present': { anyValue: 'an output of explainEndpoints(), never given by users' },
  'EndpointExplanation.reasons': { anyValue: 'an output of explainEndpoints(), never given by users' },
};
