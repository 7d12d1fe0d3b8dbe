"""The PyPI build, used as a Python team would: the reference deployment written in Python
synthesizes the same resources as the TypeScript one, and bad input fails with the same message."""
import json
import pathlib
import re

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk.assertions import Match, Template

from isolated_ecs_constructs import (
    EndpointCatalog,
    EndpointPreset,
    IsolatedVpc,
    PrivateFargateService,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
IMAGE_DIR = str(ROOT / "reference" / "image")
TS_TEMPLATE = ROOT / "cdk.out" / "reference" / "IsolatedEcsReference.template.json"
ASSET_HASH = re.compile(r"[0-9a-f]{64}")


def reference_stack(app: App, endpoints: EndpointPreset = EndpointPreset.FARGATE):
    """reference/reference-stack.ts, in Python."""
    stack = Stack(app, "IsolatedEcsReference")
    vpc = IsolatedVpc(stack, "Vpc", endpoints=endpoints)
    service = PrivateFargateService(
        stack,
        "Service",
        vpc=vpc,
        image=ecs.ContainerImage.from_asset(IMAGE_DIR),
        service_name="sample-service",
    )
    return stack, vpc, service


def resources_without_asset_hashes(template: dict) -> dict:
    # CDKMetadata lists the constructs used, which differ by language (the TypeScript app uses src/ directly).
    resources = {k: v for k, v in template["Resources"].items() if v["Type"] != "AWS::CDK::Metadata"}
    return json.loads(ASSET_HASH.sub("<asset-hash>", json.dumps(resources, sort_keys=True)))


def test_python_reference_deployment_equals_typescript(tmp_path):
    assert TS_TEMPLATE.exists(), "run `npx projen reference` first: it writes the TypeScript template"
    app = App(outdir=str(tmp_path))
    reference_stack(app)
    python_template = app.synth().get_stack_by_name("IsolatedEcsReference").template
    typescript_template = json.loads(TS_TEMPLATE.read_text())
    python_resources = resources_without_asset_hashes(python_template)
    typescript_resources = resources_without_asset_hashes(typescript_template)
    assert sorted(python_resources) == sorted(typescript_resources)
    assert python_resources == typescript_resources


def test_python_template_is_the_seed_service():
    app = App()
    stack, vpc, service = reference_stack(app)
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::EC2::InternetGateway", 0)
    template.resource_count_is("AWS::EC2::NatGateway", 0)
    template.resource_properties_count_is("AWS::EC2::VPCEndpoint", {"VpcEndpointType": "Interface"}, 6)
    template.has_resource_properties("AWS::ECS::Service", {
        "DesiredCount": 2,
        "EnableExecuteCommand": True,
        "NetworkConfiguration": {"AwsvpcConfiguration": Match.object_like({"AssignPublicIp": "DISABLED"})},
        "DeploymentConfiguration": Match.object_like({"DeploymentCircuitBreaker": {"Enable": True, "Rollback": True}}),
    })
    template.has_resource_properties("AWS::ECS::TaskDefinition", {"Cpu": "256", "Memory": "512"})
    assert vpc.endpoint_names == ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "ssmmessages"]
    assert vpc.estimate_monthly_endpoint_cost() == pytest.approx(87.60)
    assert service.container.container_name == "sample-service"
    assert EndpointCatalog.purpose_of("ssmmessages").startswith("SSM messages")


def test_add_endpoint_is_idempotent_and_auto_derives_endpoints():
    app = App()
    stack, vpc, _ = reference_stack(app, EndpointPreset.AUTO)
    sqs = vpc.add_endpoint(ec2.InterfaceVpcEndpointAwsService.SQS)
    # jsii hands Python a new proxy each time: the construct path tells it is the same endpoint.
    assert vpc.add_endpoint(ec2.InterfaceVpcEndpointAwsService.SQS).node.path == sqs.node.path == "IsolatedEcsReference/Vpc/SqsEndpoint"
    app.synth()
    assert sorted(vpc.endpoint_names) == ["ecr.api", "ecr.dkr", "logs", "sqs", "ssmmessages"]


def test_public_image_fails_with_the_typescript_message():
    stack = Stack(App(), "Stack")
    vpc = IsolatedVpc(stack, "Vpc")
    with pytest.raises(Exception, match=r"PrivateFargateService 'Stack/Service': image 'nginx' comes from Docker Hub, "
                                        r"which tasks in an isolated VPC can never reach"):
        PrivateFargateService(stack, "Service", vpc=vpc, image=ecs.ContainerImage.from_registry("nginx"))


def test_fargate_size_fails_with_the_valid_values():
    stack = Stack(App(), "Stack")
    vpc = IsolatedVpc(stack, "Vpc")
    with pytest.raises(Exception, match=r"cpu 256 with memoryLimitMiB 4096 is not a size Fargate offers\. "
                                        r"For cpu 256, use memoryLimitMiB 512, 1024 or 2048\."):
        PrivateFargateService(stack, "Service", vpc=vpc, image=ecs.ContainerImage.from_asset(IMAGE_DIR),
                              cpu=256, memory_limit_mib=4096)


def test_missing_endpoint_fails_synth_with_the_fix():
    app = App()
    stack = Stack(app, "Stack")
    vpc = IsolatedVpc(stack, "Vpc", endpoints=EndpointPreset.custom([
        ec2.InterfaceVpcEndpointAwsService.ECR,
        ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
        ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
    ]))
    PrivateFargateService(stack, "Service", vpc=vpc, image=ecs.ContainerImage.from_asset(IMAGE_DIR))
    with pytest.raises(Exception, match=r"has ECS Exec enabled, which needs the 'ssmmessages' interface endpoint.*"
                                        r"vpc\.addEndpoint\(ec2\.InterfaceVpcEndpointAwsService\.SSM_MESSAGES\)"):
        app.synth()
