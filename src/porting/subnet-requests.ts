import * as ec2 from 'aws-cdk-lib/aws-ec2';

// The aws-cdk-lib code that asks for subnets, by the file it lives in, and the setting that stops it.
const ASKERS: Array<[RegExp, string, string]> = [
  [/aws-ecs-patterns\/lib\/base\/scheduled-task-base/, 'ecs_patterns.ScheduledFargateTask (or ScheduledEc2Task)', 'subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }'],
  [/aws-ecs-patterns\/lib\//, 'an ecs_patterns load-balanced service', 'publicLoadBalancer: false, and taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }'],
  [/aws-elasticloadbalancingv2\/lib\//, 'a load balancer (elbv2.ApplicationLoadBalancer or NetworkLoadBalancer)', 'internetFacing: false'],
  [/aws-events-targets\/lib\/ecs-task/, 'events_targets.EcsTask', 'subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }'],
  [/aws-scheduler-targets\/lib\/ecs-run-task/, 'scheduler_targets.EcsRunFargateTask (or EcsRunEc2Task)', 'vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }'],
  [/aws-stepfunctions-tasks\/lib\/ecs\//, 'stepfunctions_tasks.EcsRunTask', 'subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } (and no assignPublicIp)'],
  [/aws-ecs\/lib\//, 'an ECS service', 'vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, and no assignPublicIp'],
  [/aws-lambda\/lib\//, 'a Lambda function', 'vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }'],
  [/aws-rds\/lib\//, 'an RDS database', 'vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }'],
  [/aws-autoscaling\/lib\//, 'an Auto Scaling group', 'vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }'],
];

const MISSING: Record<string, string> = {
  [ec2.SubnetType.PUBLIC]: 'PUBLIC subnets, which need an internet gateway',
  [ec2.SubnetType.PRIVATE_WITH_EGRESS]: 'PRIVATE_WITH_EGRESS subnets, which need a NAT gateway',
  [ec2.SubnetType.PRIVATE_WITH_NAT]: 'PRIVATE_WITH_NAT subnets, which need a NAT gateway',
};

/**
 * Why an isolated VPC cannot give what `selection` asks for, naming the aws-cdk-lib construct that
 * asked where the call stack shows it, and the setting that fixes it; undefined for a selection it can give.
 *
 * @param stack the call stack of the request, read only when the selection cannot be given
 */
export function missingSubnetsProblem(selection: ec2.SubnetSelection, stack: () => string): string | undefined {
  const missing = selection.subnetType !== undefined ? MISSING[selection.subnetType] : undefined;
  if (!missing) return undefined;
  const frames = stack().replace(/\\/g, '/');
  const asker = ASKERS.find(([file]) => file.test(frames));
  const who = asker ? `${asker[1]} asked` : 'Something asked';
  const fix = asker ? `Set ${asker[2]}.`
    : 'Load balancers: internetFacing: false (ecs_patterns services: publicLoadBalancer: false); services, functions and jobs: '
      + 'vpcSubnets (subnetSelection, taskSubnets, subnets) { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }.';
  return `${who} for ${missing}. An isolated VPC has neither: its subnets are PRIVATE_ISOLATED only, with no route `
    + `to the internet. ${fix} Traffic comes in through an internal load balancer reached over a transit gateway, peering or VPN, a `
    + 'PrivateLink endpoint service, or API Gateway (docs/porting.md: "Porting an existing app", "How traffic gets in").';
}

/** The call stack here, deep enough to reach the aws-cdk-lib construct that asked. */
export function callStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  try {
    return new Error().stack ?? '';
  } finally {
    Error.stackTraceLimit = limit;
  }
}
