"""What the application's own code calls, from Python: grants on the task role derive endpoints
under AUTO, a fixed preset names the missing one, and declarations, waivers and explanations read
naturally in Python."""
import re

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from isolated_ecs_constructs import EndpointPreset, IsolatedVpc, PrivateFargateService

IMAGE = ecs.ContainerImage.from_registry("123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1")


def api_app(endpoints: EndpointPreset):
    app = App()
    stack = Stack(app, "Api")
    vpc = IsolatedVpc(stack, "Vpc", endpoints=endpoints)
    service = PrivateFargateService(stack, "Service", vpc=vpc, image=IMAGE, service_name="api")
    queue = sqs.Queue(stack, "Jobs")
    table = dynamodb.Table(stack, "Orders", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))
    queue.grant_send_messages(service.task_definition.task_role)
    table.grant_read_write_data(service.task_definition.task_role)
    return app, stack, vpc, service


def interface_endpoints(stack: Stack) -> list:
    found = Template.from_stack(stack).find_resources("AWS::EC2::VPCEndpoint", {"Properties": {"VpcEndpointType": "Interface"}})
    return sorted(r["Properties"]["ServiceName"]["Fn::Join"][1][2].lstrip(".") for r in found.values())


def test_auto_derives_sqs_and_the_dynamodb_gateway_from_grants():
    app, stack, vpc, _ = api_app(EndpointPreset.AUTO)
    app.synth()
    assert interface_endpoints(stack) == ["ecr.api", "ecr.dkr", "logs", "sqs", "ssmmessages"]
    assert vpc.dynamo_db_endpoint is not None
    explained = {e.endpoint: e for e in vpc.explain_endpoints()}
    assert explained["sqs"].present
    assert explained["sqs"].reasons == [
        "task role 'Api/Service/TaskRole' of PrivateFargateService 'Api/Service' may sqs:SendMessage, sqs:GetQueueAttributes, sqs:GetQueueUrl on 'Api/Jobs'"
    ]


def test_a_fixed_preset_names_the_missing_endpoint_with_the_typescript_message():
    app, *_ = api_app(EndpointPreset.FARGATE)
    with pytest.raises(Exception, match=re.escape(
        "so its code calls sqs, which needs the 'sqs' interface endpoint"
    )) as error:
        app.synth()
    assert "vpc.addEndpoint(ec2.InterfaceVpcEndpointAwsService.SQS)" in str(error.value)


def test_declare_calls_and_waive_endpoint():
    app, stack, vpc, service = api_app(EndpointPreset.FARGATE)
    vpc.waive_endpoint("sqs", "messages go through the shared-services proxy")
    vpc.declare_calls(service, ["sns:Publish"], "publishes with credentials of an assumed role")
    vpc.add_endpoint(ec2.InterfaceVpcEndpointAwsService.SNS)
    app.synth()
    assert "sqs" not in interface_endpoints(stack)
    explained = {e.endpoint: e for e in vpc.explain_endpoints()}
    assert explained["sqs"].reasons[-1] == "waived: messages go through the shared-services proxy"
    assert explained["sns"].reasons[-1] == "declaration of 'Api/Service' calls sns:Publish (declared: publishes with credentials of an assumed role)"


def test_bad_declarations_fail_with_the_typescript_message():
    _, _, vpc, service = api_app(EndpointPreset.AUTO)
    with pytest.raises(Exception, match=re.escape("'SendMessage' is not an IAM action. Write actions as '<service>:<Action>'")):
        vpc.declare_calls(service, ["SendMessage"], "why")
    with pytest.raises(Exception, match=re.escape("waiveEndpoint('s3'): the S3 gateway endpoint is always there")):
        vpc.waive_endpoint("s3", "why")
