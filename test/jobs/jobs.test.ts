import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { EndpointPreset, IsolatedVpc, IsolatedVpcProps } from '../../src';
import { privateImage, S } from '../util';

const IMAGE = privateImage('111111111111', 'eu-west-1', 'job:1');
const ISOLATED = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
const HOURLY = Duration.hours(1);

function setup(props: IsolatedVpcProps = { endpoints: EndpointPreset.AUTO }) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new IsolatedVpc(stack, 'Vpc', props);
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  return { app, stack, vpc, cluster };
}

function jobTask(stack: Stack, id = 'JobTask'): ecs.FargateTaskDefinition {
  const taskDefinition = new ecs.FargateTaskDefinition(stack, id);
  taskDefinition.addContainer('job', { image: IMAGE, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'job' }) });
  return taskDefinition;
}

function interfaceEndpoints(stack: Stack): string[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'))
    .filter((e: any) => e.Properties.VpcEndpointType === 'Interface')
    .map((e: any) => String(e.Properties.ServiceName).replace('com.amazonaws.eu-west-1.', ''))
    .sort();
}

const CLIENT_GROUP = { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcEndpointClientSecurityGroup'), 'GroupId'] };

describe('ecs_patterns.ScheduledFargateTask', () => {
  function scheduled(props?: IsolatedVpcProps) {
    const s = setup(props);
    const job = new ecsPatterns.ScheduledFargateTask(s.stack, 'Nightly', {
      cluster: s.cluster,
      schedule: events.Schedule.rate(HOURLY),
      subnetSelection: ISOLATED,
      scheduledFargateTaskImageOptions: { image: IMAGE },
    });
    return { ...s, job };
  }

  test('under AUTO derives the image pull, the logs and what its task role may call', () => {
    const { stack, job } = scheduled();
    new sqs.Queue(stack, 'Results').grantSendMessages(job.taskDefinition.taskRole);
    expect(interfaceEndpoints(stack)).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'sqs']);
  });

  test('its tasks get the endpoint client group next to their own, and the rule waits for the endpoints', () => {
    const { stack } = scheduled();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({
        EcsParameters: Match.objectLike({
          NetworkConfiguration: {
            AwsVpcConfiguration: Match.objectLike({
              AssignPublicIp: 'DISABLED',
              SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlyScheduledTaskDefSecurityGroup'), 'GroupId'] }, CLIENT_GROUP],
            }),
          },
        }),
      })],
    });
    template.hasResource('AWS::Events::Rule', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^VpcEcrApiEndpoint'), Match.stringLikeRegexp('^VpcEcrDkrEndpoint'), Match.stringLikeRegexp('^VpcLogsEndpoint')]),
    });
  });

  test('under a fixed preset without logs, synth fails naming the job', () => {
    const { app } = scheduled({ endpoints: EndpointPreset.custom([S.ECR, S.ECR_DOCKER]) });
    expect(() => app.synth()).toThrow(
      /ecs_patterns\.ScheduledFargateTask 'Stack\/Nightly', container 'ScheduledContainer' sends its output to CloudWatch Logs \(awslogs log driver\), which needs the 'logs' interface endpoint/);
  });

  test('the execution role may pull the GuardDuty agent', () => {
    const { stack } = scheduled();
    const template = Template.fromStack(stack);
    const [policyId] = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policyId).toMatch(/^IsolatedEcsGuardDutyAgentPull/);
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ Ref: policyId }],
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })] }),
    });
  });
});

describe('events_targets.EcsTask on a rule of your own', () => {
  test('a target with five security groups leaves no room for the client group: an error that names the fix', () => {
    const { app, stack, vpc, cluster } = setup();
    const groups = [1, 2, 3, 4, 5].map((i) => new ec2.SecurityGroup(stack, `Group${i}`, { vpc }));
    new events.Rule(stack, 'Rule', {
      schedule: events.Schedule.rate(HOURLY),
      targets: [new targets.EcsTask({ cluster, taskDefinition: jobTask(stack), subnetSelection: ISOLATED, securityGroups: groups })],
    });
    expect(() => app.synth()).toThrow(
      "events.Rule 'Stack/Rule': its tasks have 5 security groups, the most a task can have, so the library cannot add the VPC's endpoint client group, "
      + 'and the tasks would not reach the endpoints. Give the target at most 4 security groups.');
  });

  test('an L1 rule with a public IP is refused', () => {
    const { app, stack, vpc, cluster } = setup();
    const taskDefinition = jobTask(stack);
    new events.CfnRule(stack, 'Raw', {
      scheduleExpression: 'rate(1 hour)',
      targets: [{
        id: 'job',
        arn: cluster.clusterArn,
        roleArn: 'arn:aws:iam::111111111111:role/events',
        ecsParameters: {
          taskDefinitionArn: taskDefinition.taskDefinitionArn,
          launchType: 'FARGATE',
          networkConfiguration: { awsVpcConfiguration: { subnets: vpc.isolatedSubnets.map((s) => s.subnetId), assignPublicIp: 'ENABLED' } },
        },
      }],
    });
    expect(() => app.synth()).toThrow(/events\.CfnRule 'Stack\/Raw': assignPublicIp is true, but the VPC is isolated/);
  });

  test('a rule that starts a task definition from outside the app gets a warning', () => {
    const { stack, vpc } = setup();
    new events.CfnRule(stack, 'Raw', {
      scheduleExpression: 'rate(1 hour)',
      targets: [{
        id: 'job',
        arn: 'arn:aws:ecs:eu-west-1:111111111111:cluster/other',
        ecsParameters: {
          taskDefinitionArn: 'arn:aws:ecs:eu-west-1:111111111111:task-definition/other:3',
          networkConfiguration: { awsVpcConfiguration: { subnets: vpc.isolatedSubnets.map((s) => s.subnetId) } },
        },
      }],
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Raw', Match.stringLikeRegexp(
      "^events\\.CfnRule 'Stack/Raw' starts task definition \"arn:aws:ecs:eu-west-1:111111111111:task-definition/other:3\" in IsolatedVpc 'Stack/Vpc', "
      + 'but that task definition is not part of this app'));
  });
});

describe('EventBridge Scheduler', () => {
  test('a schedule without security groups runs its tasks in the endpoint client group, not the stripped default group', () => {
    const { stack, cluster } = setup();
    new scheduler.Schedule(stack, 'Schedule', {
      schedule: scheduler.ScheduleExpression.rate(HOURLY),
      target: new schedulerTargets.EcsRunFargateTask(cluster, { taskDefinition: jobTask(stack), vpcSubnets: ISOLATED }),
    });
    expect(interfaceEndpoints(stack)).toEqual(['ecr.api', 'ecr.dkr', 'logs']);
    Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({
        EcsParameters: Match.objectLike({ NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ SecurityGroups: [CLIENT_GROUP] }) } }),
      }),
    });
  });
});

describe('Step Functions EcsRunTask', () => {
  test('its tasks are analysed, the endpoints admit its group, and the state machine waits', () => {
    const { stack, cluster } = setup();
    const run = new tasks.EcsRunTask(stack, 'Run', {
      cluster, taskDefinition: jobTask(stack), launchTarget: new tasks.EcsFargateLaunchTarget(), subnets: ISOLATED,
    });
    new sfn.StateMachine(stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(run) });
    expect(interfaceEndpoints(stack)).toEqual(['ecr.api', 'ecr.dkr', 'logs']);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcEndpointSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RunSecurityGroup'), 'GroupId'] },
      FromPort: 443,
    });
    template.hasResource('AWS::StepFunctions::StateMachine', { DependsOn: Match.arrayWith([Match.stringLikeRegexp('^VpcEcrApiEndpoint')]) });
  });
});

test('a Step Functions job with a public IP is refused', () => {
  const { app, stack, cluster } = setup();
  const run = new tasks.EcsRunTask(stack, 'Run', {
    cluster, taskDefinition: jobTask(stack), launchTarget: new tasks.EcsFargateLaunchTarget(), subnets: ISOLATED, assignPublicIp: true,
  });
  new sfn.StateMachine(stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(run) });
  expect(() => app.synth()).toThrow("stepfunctions_tasks.EcsRunTask 'Stack/Run': assignPublicIp is true, but the VPC is isolated: it has no internet gateway, "
    + 'so a public IP reaches nothing, and this VPC exists to have none. Remove assignPublicIp (false is the default); the tasks reach AWS through the VPC endpoints.');
});

describe('vpc.addJob: task definitions the code starts', () => {
  test('derives the endpoints, admits the groups the code passes, and makes the starter wait', () => {
    const { stack, vpc } = setup();
    const taskDefinition = jobTask(stack);
    const group = new ec2.SecurityGroup(stack, 'JobGroup', { vpc, allowAllOutbound: false });
    const starter = new lambda.Function(stack, 'Starter', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    vpc.addJob(taskDefinition, { securityGroups: [group], enableExecuteCommand: true, startedBy: starter });
    expect(interfaceEndpoints(stack)).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'ssmmessages']);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobGroup'), 'GroupId'] }, FromPort: 443,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobGroup'), 'GroupId'] }, FromPort: 443,
    });
    template.hasResource('AWS::Lambda::Function', { DependsOn: Match.arrayWith([Match.stringLikeRegexp('^VpcSsmmessagesEndpoint')]) });
  });

  test('refuses the task definition of a service', () => {
    const { stack, vpc, cluster } = setup();
    const taskDefinition = jobTask(stack);
    new ecs.FargateService(stack, 'Svc', { cluster, taskDefinition, vpcSubnets: ISOLATED, minHealthyPercent: 100 });
    expect(() => vpc.addJob(taskDefinition)).toThrow(
      "IsolatedVpc 'Stack/Vpc': addJob('Stack/JobTask'): the task definition is that of service 'Stack/Svc', which the VPC checks already. "
      + 'Give the job a task definition of its own (a service replaces the tasks it did not start), or leave addJob out.');
  });

  test('a service created after addJob with the same task definition fails synth', () => {
    const { app, stack, vpc, cluster } = setup();
    const taskDefinition = jobTask(stack);
    vpc.addJob(taskDefinition);
    new ecs.FargateService(stack, 'Svc', { cluster, taskDefinition, vpcSubnets: ISOLATED, minHealthyPercent: 100 });
    expect(() => app.synth()).toThrow(
      "ecs.FargateService 'Stack/Svc': its task definition 'Stack/JobTask' was also given to vpc.addJob. A service replaces the tasks it did not start: "
      + 'give the job a task definition of its own, or remove the addJob call.');
  });

  test('refuses the same task definition twice', () => {
    const { stack, vpc } = setup();
    const taskDefinition = jobTask(stack);
    vpc.addJob(taskDefinition);
    expect(() => vpc.addJob(taskDefinition)).toThrow(
      "IsolatedVpc 'Stack/Vpc': addJob('Stack/JobTask'): the task definition is a job of this VPC already. Call addJob once per task definition, "
      + 'with every security group the code passes.');
  });

  test('refuses a group that can never reach the endpoints', () => {
    const { stack, vpc } = setup();
    const group = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Locked', 'sg-0123456789abcdef0', { mutable: false, allowAllOutbound: false });
    expect(() => vpc.addJob(jobTask(stack), { securityGroups: [group] })).toThrow(
      "IsolatedVpc 'Stack/Vpc': addJob('Stack/JobTask'): security group 'Stack/Locked' is imported with mutable: false and allowAllOutbound: false, "
      + 'so its tasks cannot reach the endpoints on 443 and the library may not add the rule. Import it with mutable: true (the library adds the egress rule), '
      + 'allowAllOutbound: true if it allows all outbound traffic, or pass vpc.endpointClientSecurityGroup to RunTask as well.');
  });

  test('refuses security groups for a task definition that is not awsvpc', () => {
    const { stack, vpc } = setup();
    const taskDefinition = new ecs.Ec2TaskDefinition(stack, 'Bridge', { networkMode: ecs.NetworkMode.BRIDGE });
    taskDefinition.addContainer('job', { image: IMAGE, memoryLimitMiB: 256 });
    expect(() => vpc.addJob(taskDefinition, { securityGroups: [vpc.endpointClientSecurityGroup] })).toThrow(
      "IsolatedVpc 'Stack/Vpc': addJob('Stack/Bridge'): securityGroups are given, but the task definition uses network mode 'bridge', whose tasks "
      + "use the container instance's network interface and take no security groups. Leave securityGroups out, or use ecs.NetworkMode.AWS_VPC.");
  });
});
