"""A VPC the app does not own, from Python: from_existing_vpc adopts it, PrivateFargateService runs
in it, a missing endpoint fails synth with the TypeScript message, and network_request() asks the
owner for it."""
import json
import re

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from isolated_ecs_constructs import IsolatedVpc, PrivateFargateService

ENV = Environment(account="111111111111", region="us-east-1")
IMAGE = ecs.ContainerImage.from_registry("111111111111.dkr.ecr.us-east-1.amazonaws.com/app:1")
S = ec2.InterfaceVpcEndpointAwsService
HANDED_OVER = [S.ECR, S.ECR_DOCKER, S.CLOUDWATCH_LOGS, S.SSM_MESSAGES]


def adopt(endpoints=HANDED_OVER, **extra):
    app = App()
    stack = Stack(app, "App", env=ENV)
    platform_vpc = ec2.Vpc.from_vpc_attributes(stack, "Raw",
        vpc_id="vpc-0abc",
        availability_zones=["us-east-1a", "us-east-1b"],
        isolated_subnet_ids=["subnet-i1", "subnet-i2"],
        isolated_subnet_route_table_ids=["rtb-i1", "rtb-i2"],
    )
    vpc = IsolatedVpc.from_existing_vpc(stack, "Network",
        vpc=platform_vpc,
        endpoints=endpoints,
        gateway_endpoints=[ec2.GatewayVpcEndpointAwsService.S3],
        endpoint_security_group=ec2.SecurityGroup.from_security_group_id(stack, "Endpoints", "sg-0endpoints"),
        **extra,
    )
    service = PrivateFargateService(stack, "Service", vpc=vpc, image=IMAGE)
    sqs.Queue(stack, "Jobs").grant_send_messages(service.task_definition.task_role)
    return app, stack, vpc


def test_a_service_runs_in_the_adopted_vpc_and_its_group_admits_the_tasks():
    app, stack, vpc = adopt(endpoints=HANDED_OVER + [S.SQS])
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::EC2::VPCEndpoint", 0)
    template.has_resource_properties("AWS::EC2::SecurityGroupIngress", {"GroupId": "sg-0endpoints", "FromPort": 443, "ToPort": 443})
    template.has_resource_properties("AWS::ECS::Service", {
        "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-i1", "subnet-i2"], "AssignPublicIp": "DISABLED"}},
    })
    assert sorted(vpc.endpoint_names) == ["ecr.api", "ecr.dkr", "logs", "sqs", "ssmmessages"]


def test_a_missing_endpoint_fails_synth_and_the_network_request_asks_for_it():
    app, stack, vpc = adopt()
    with pytest.raises(Exception, match=re.escape(
        "ExistingIsolatedVpc 'App/Network' (vpc-0abc, owned outside this app) has none, so those calls hang until they time out. "
        "Ask the network's owner for an interface endpoint for com.amazonaws.us-east-1.sqs with private DNS on")):
        app.synth()
    request = json.loads(vpc.network_request())
    assert [e["serviceName"] for e in request["interfaceEndpoints"]] == ["com.amazonaws.us-east-1.sqs"]


def test_create_missing_endpoints_creates_what_the_vpc_lacks():
    app, stack, vpc = adopt(create_missing_endpoints=True)
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::EC2::VPCEndpoint", 1)
    template.has_resource_properties("AWS::EC2::VPCEndpoint", {"ServiceName": "com.amazonaws.us-east-1.sqs", "VpcId": "vpc-0abc"})


def test_create_missing_endpoints_is_refused_in_a_shared_vpc():
    with pytest.raises(Exception, match=re.escape("createMissingEndpoints: true, but the VPC belongs to account 222222222222")):
        adopt(create_missing_endpoints=True, vpc_owner_account_id="222222222222")
