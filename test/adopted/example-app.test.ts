// aws-samples' ecs/fargate-service-with-auto-scaling (an NLB Fargate service with CPU scaling), moved
// into a landing zone's VPC as a user would: the one line that made a VPC now adopts the platform's,
// then each message is followed as written.
import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import { IsolatedVpc } from '../../src';

const PRIVATE_IMAGE = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/amazon-ecs-sample:1';

function sampleApp(step: { promise?: boolean; internal?: boolean; privateImage?: boolean }) {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'aws-fargate-application-autoscaling', { env: { account: '111111111111', region: 'eu-west-1' } });
  // A landing-zone VPC: its subnets' default route goes to a transit gateway, so aws-cdk-lib calls them private.
  const vpc = IsolatedVpc.fromExistingVpc(stack, 'Vpc', {
    vpc: ec2.Vpc.fromVpcAttributes(stack, 'LandingZone', {
      vpcId: 'vpc-0lz',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      privateSubnetIds: ['subnet-a', 'subnet-b'],
      privateSubnetRouteTableIds: ['rtb-a', 'rtb-b'],
      privateSubnetIpv4CidrBlocks: ['10.1.0.0/20', '10.1.16.0/20'],
    }),
    privateSubnetsHaveNoInternetEgress: step.promise,
    endpoints: [
      ec2.InterfaceVpcEndpointAwsService.ECR, ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER, ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
    ],
    gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.S3],
    endpointSecurityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Endpoints', 'sg-0lz'),
  });
  const cluster = new ecs.Cluster(stack, 'fargate-service-autoscaling', { vpc });
  const fargateService = new ecsPatterns.NetworkLoadBalancedFargateService(stack, 'sample-app', {
    cluster,
    taskImageOptions: { image: ecs.ContainerImage.fromRegistry(step.privateImage ? PRIVATE_IMAGE : 'amazon/amazon-ecs-sample') },
    ...(step.internal ? { publicLoadBalancer: false, taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } } : {}),
  });
  fargateService.service.autoScaleTaskCount({ maxCapacity: 2 }).scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: 50 });
  return { app, stack };
}

test('first: the transit-gateway subnets, and the promise that admits them', () => {
  expect(() => sampleApp({})).toThrow(/no usable subnets in VPC 'aws-fargate-application-autoscaling\/LandingZone' \(0 public, 2 private, 0 isolated\)\. .*set privateSubnetsHaveNoInternetEgress: true/);
});

test('then: the public load balancer, named by its pattern, with the setting that fixes it', () => {
  expect(() => sampleApp({ promise: true })).toThrow("ExistingIsolatedVpc 'aws-fargate-application-autoscaling/Vpc': an ecs_patterns load-balanced service "
    + 'asked for PUBLIC subnets, which need an internet gateway. An isolated VPC has neither: its subnets are PRIVATE_ISOLATED only, with no route to '
    + 'the internet. Set publicLoadBalancer: false, and taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }.');
});

test('then: the Docker Hub image', () => {
  const { app } = sampleApp({ promise: true, internal: true });
  expect(() => app.synth()).toThrow(/ecs_patterns.NetworkLoadBalancedFargateService 'aws-fargate-application-autoscaling\/sample-app', container 'web': image 'amazon\/amazon-ecs-sample' comes from Docker Hub/);
});

test('with a private image it synthesizes in the landing zone\'s subnets, changing nothing in the network but one rule', () => {
  const { app, stack } = sampleApp({ promise: true, internal: true, privateImage: true });
  app.synth();
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::ECS::Service', { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-a', 'subnet-b'], AssignPublicIp: 'DISABLED' } } });
  template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal', Subnets: ['subnet-a', 'subnet-b'] });
  template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
  template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-0lz', FromPort: 443 });
});
