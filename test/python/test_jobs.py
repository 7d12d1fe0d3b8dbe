"""Jobs from Python: a scheduled Fargate task is found through its EventBridge rule, a task
definition that the code starts is declared with add_job, and bad input gets the TypeScript message."""
import re

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_applicationautoscaling as appscaling
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_ecs_patterns as ecs_patterns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template

from isolated_ecs_constructs import EndpointPreset, IsolatedVpc

IMAGE = ecs.ContainerImage.from_registry("111111111111.dkr.ecr.eu-west-1.amazonaws.com/job:1")
ISOLATED = ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)


def setup():
    app = App()
    stack = Stack(app, "Jobs")
    vpc = IsolatedVpc(stack, "Vpc", endpoints=EndpointPreset.AUTO)
    cluster = ecs.Cluster(stack, "Cluster", vpc=vpc)
    return app, stack, vpc, cluster


def job_task(stack: Stack) -> ecs.FargateTaskDefinition:
    task = ecs.FargateTaskDefinition(stack, "JobTask")
    task.add_container("job", image=IMAGE, logging=ecs.LogDrivers.aws_logs(stream_prefix="job"))
    return task


def interface_endpoints(stack: Stack) -> list:
    found = Template.from_stack(stack).find_resources("AWS::EC2::VPCEndpoint", {"Properties": {"VpcEndpointType": "Interface"}})
    return sorted(r["Properties"]["ServiceName"]["Fn::Join"][1][2].lstrip(".") for r in found.values())


def test_a_scheduled_fargate_task_gets_its_endpoints_and_the_client_group():
    app, stack, vpc, cluster = setup()
    job = ecs_patterns.ScheduledFargateTask(
        stack, "Nightly", cluster=cluster, schedule=appscaling.Schedule.rate(Duration.hours(1)), subnet_selection=ISOLATED,
        scheduled_fargate_task_image_options=ecs_patterns.ScheduledFargateTaskImageOptions(image=IMAGE),
    )
    sqs.Queue(stack, "Results").grant_send_messages(job.task_definition.task_role)
    app.synth()
    assert interface_endpoints(stack) == ["ecr.api", "ecr.dkr", "logs", "sqs"]
    Template.from_stack(stack).has_resource_properties("AWS::Events::Rule", {
        "Targets": [Match.object_like({"EcsParameters": Match.object_like({"NetworkConfiguration": {"AwsVpcConfiguration": Match.object_like({
            "SecurityGroups": Match.array_with([{"Fn::GetAtt": [Match.string_like_regexp("^VpcEndpointClientSecurityGroup"), "GroupId"]}]),
        })}})})],
    })


def test_add_job_declares_a_task_definition_the_code_starts():
    app, stack, vpc, _ = setup()
    group = ec2.SecurityGroup(stack, "JobGroup", vpc=vpc, allow_all_outbound=False)
    vpc.add_job(job_task(stack), security_groups=[group], enable_execute_command=True)
    app.synth()
    assert interface_endpoints(stack) == ["ecr.api", "ecr.dkr", "logs", "ssmmessages"]


def test_add_job_refuses_the_task_definition_of_a_service():
    _, stack, vpc, cluster = setup()
    task = job_task(stack)
    ecs.FargateService(stack, "Svc", cluster=cluster, task_definition=task, vpc_subnets=ISOLATED, min_healthy_percent=100)
    with pytest.raises(Exception, match=re.escape(
        "IsolatedVpc 'Jobs/Vpc': addJob('Jobs/JobTask'): the task definition is that of service 'Jobs/Svc', which the VPC checks already."
    )):
        vpc.add_job(task)
