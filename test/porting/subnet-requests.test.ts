import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IsolatedVpc } from '../../src';
import { privateImage } from '../util';

const IMAGE = privateImage('111111111111', 'eu-west-1', 'web:1');
const INGRESS = 'Traffic comes in through an internal load balancer reached over a transit gateway, peering or VPN, a PrivateLink endpoint service, '
  + 'or API Gateway (docs/porting.md: "Porting an existing app", "How traffic gets in").';

function setup() {
  const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new IsolatedVpc(stack, 'Vpc');
  return { stack, vpc, cluster: new ecs.Cluster(stack, 'Cluster', { vpc }) };
}

describe('requests for subnets an isolated VPC does not have', () => {
  test('an ecs_patterns service with the default public load balancer (aws-samples ecs/fargate-application-load-balanced-service)', () => {
    const { stack, cluster } = setup();
    expect(() => new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', { cluster, taskImageOptions: { image: IMAGE } })).toThrow(
      "IsolatedVpc 'Stack/Vpc': an ecs_patterns load-balanced service asked for PUBLIC subnets, which need an internet gateway. An isolated VPC has "
      + 'neither: its subnets are PRIVATE_ISOLATED only, with no route to the internet. Set publicLoadBalancer: false, and taskSubnets: '
      + `{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }. ${INGRESS}`);
  });

  test('an internet-facing load balancer', () => {
    const { stack, vpc } = setup();
    expect(() => new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true })).toThrow(
      "IsolatedVpc 'Stack/Vpc': a load balancer (elbv2.ApplicationLoadBalancer or NetworkLoadBalancer) asked for PUBLIC subnets, which need an "
      + 'internet gateway. An isolated VPC has neither: its subnets are PRIVATE_ISOLATED only, with no route to the internet. Set internetFacing: false.');
  });

  test('a scheduled task with its default PRIVATE_WITH_EGRESS subnets', () => {
    const { stack, cluster } = setup();
    expect(() => new ecsPatterns.ScheduledFargateTask(stack, 'Job', {
      cluster, schedule: events.Schedule.rate(Duration.hours(1)), scheduledFargateTaskImageOptions: { image: IMAGE },
    })).toThrow("IsolatedVpc 'Stack/Vpc': ecs_patterns.ScheduledFargateTask (or ScheduledEc2Task) asked for PRIVATE_WITH_EGRESS subnets, which need a "
      + 'NAT gateway. An isolated VPC has neither: its subnets are PRIVATE_ISOLATED only, with no route to the internet. Set subnetSelection: '
      + '{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }.');
  });

  test('a Lambda function with egress subnets', () => {
    const { stack, vpc } = setup();
    expect(() => new lambda.Function(stack, 'Fn', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    })).toThrow(/IsolatedVpc 'Stack\/Vpc': a Lambda function asked for PRIVATE_WITH_EGRESS subnets, which need a NAT gateway\..* Set vpcSubnets: \{ subnetType: ec2\.SubnetType\.PRIVATE_ISOLATED \}\./);
  });

  test('your own code asking gets the general fixes', () => {
    const { vpc } = setup();
    expect(() => vpc.selectSubnets({ subnetType: ec2.SubnetType.PUBLIC })).toThrow(
      "IsolatedVpc 'Stack/Vpc': Something asked for PUBLIC subnets, which need an internet gateway. An isolated VPC has neither: its subnets are "
      + 'PRIVATE_ISOLATED only, with no route to the internet. Load balancers: internetFacing: false (ecs_patterns services: publicLoadBalancer: false); '
      + 'services, functions and jobs: vpcSubnets (subnetSelection, taskSubnets, subnets) { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }.');
  });

  test('the isolated subnets and the default selection still work', () => {
    const { vpc } = setup();
    expect(vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnets).toHaveLength(2);
    expect(vpc.selectSubnets().subnets).toHaveLength(2);
  });
});
