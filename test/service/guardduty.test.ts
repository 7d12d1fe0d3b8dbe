import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EndpointPreset, IsolatedVpc } from '../../src';
import { privateImage } from '../util';

const IMAGE = privateImage('111111111111', 'eu-west-1');
const AGENT_REPOSITORY = 'arn:aws:ecr:eu-west-1:694911143906:repository/aws-guardduty-agent-fargate';
const AGENT_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:694911143906:repository/aws-guardduty-agent-fargate']] };

function setup(guardDutyRuntimeMonitoring?: boolean) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO, guardDutyRuntimeMonitoring });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  return { app, stack, vpc, cluster };
}

function plainService(stack: Stack, cluster: ecs.ICluster, executionRole?: iam.IRole) {
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task', { executionRole });
  taskDefinition.addContainer('app', { image: IMAGE, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }) });
  return new ecs.FargateService(stack, 'Svc', { cluster, taskDefinition, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, minHealthyPercent: 100 });
}

describe('the GuardDuty agent for every Fargate workload', () => {
  test('a plain ecs.FargateService execution role gets the stack\'s agent pull policy', () => {
    const { stack, cluster } = setup();
    const service = plainService(stack, cluster);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: AGENT_ARN, Action: Match.arrayWith(['ecr:BatchGetImage']) })]) },
    });
    const policyId = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'))[0];
    const roleId = stack.resolve((service.taskDefinition.executionRole!.node.defaultChild as iam.CfnRole).logicalId);
    expect(template.toJSON().Resources[roleId].Properties.ManagedPolicyArns).toEqual([{ Ref: policyId }]);
  });

  test('an ecs_patterns service gets it too', () => {
    const { stack, cluster } = setup();
    new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
      cluster,
      publicLoadBalancer: false,
      taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      minHealthyPercent: 100,
      taskImageOptions: { image: IMAGE },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ Ref: Match.stringLikeRegexp('^IsolatedEcsGuardDutyAgentPull') }],
    });
  });

  test('a role with 10 managed policies (the default quota) gets statements instead', () => {
    const { stack, cluster } = setup();
    const role = new iam.Role(stack, 'Full', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    for (let i = 0; i < 10; i++) role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(`ReadOnly${i}`));
    plainService(stack, cluster, role);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Full') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: AGENT_ARN, Action: Match.arrayWith(['ecr:BatchGetImage']) })]) },
    });
  });

  test('an imported execution role gets a warning naming what to add', () => {
    const { stack, cluster } = setup();
    plainService(stack, cluster, iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/exec', { mutable: false }));
    Annotations.fromStack(stack).hasWarning('/Stack/Task', Match.stringLikeRegexp(
      "^ecs\\.FargateService 'Stack/Svc': execution role 'Stack/Imported' is imported, so the library cannot let it pull the GuardDuty Runtime "
      + 'Monitoring agent, .* Give the role ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability on '
      + `${AGENT_REPOSITORY} and ecr:GetAuthorizationToken on \\*, or, if GuardDuty Runtime Monitoring never runs here, guardDutyRuntimeMonitoring: false`));
  });

  test('nothing with guardDutyRuntimeMonitoring: false', () => {
    const { stack, cluster } = setup(false);
    plainService(stack, cluster);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });
});
