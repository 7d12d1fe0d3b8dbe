"""Central endpoints from Python: a hub shares its endpoints through a Route 53 Profile, a spoke uses
them through the reference, and bad input gets the TypeScript message."""
import re

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk.assertions import Template

from isolated_ecs_constructs import EndpointPolicy, EndpointPreset, IsolatedVpc, PrivateFargateService, SharedEndpoints

ENV = Environment(account="111111111111", region="us-east-1")
TGW = "tgw-0123456789abcdef0"


def hub(app, **extra):
    stack = Stack(app, "Hub", env=ENV)
    vpc = IsolatedVpc(stack, "Vpc", cidr="10.100.0.0/16", endpoints=EndpointPreset.FARGATE,
                      endpoint_policy=EndpointPolicy.accounts(["222222222222"]))
    options = {"allowed_cidrs": ["10.0.0.0/12"], "share_with": ["222222222222"], "transit_gateway_id": TGW, **extra}
    shared = SharedEndpoints(stack, "Shared", vpc=vpc, **options)
    return stack, shared


def test_the_hub_shares_its_endpoints_through_a_profile():
    app = App()
    stack, shared = hub(app)
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::Route53Profiles::ProfileResourceAssociation", 6)
    template.has_resource_properties("AWS::RAM::ResourceShare", {"Principals": ["222222222222"]})
    assert shared.services == ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "ssmmessages"]
    assert shared.reference.hub_cidr == "10.100.0.0/16"


def test_a_spoke_uses_the_hub_and_creates_only_what_it_lacks():
    app = App()
    _, shared = hub(app)
    spoke_stack = Stack(app, "Spoke", env=ENV)
    vpc = IsolatedVpc(spoke_stack, "Vpc", cidr="10.1.0.0/16", endpoints=EndpointPreset.AUTO, shared_endpoints=shared.reference)
    PrivateFargateService(spoke_stack, "Service", vpc=vpc,
                          image=ecs.ContainerImage.from_registry("111111111111.dkr.ecr.us-east-1.amazonaws.com/app:1"))
    app.synth()
    template = Template.from_stack(spoke_stack)
    template.resource_count_is("AWS::Route53Profiles::ProfileAssociation", 1)
    template.has_resource_properties("AWS::EC2::TransitGatewayVpcAttachment", {"TransitGatewayId": TGW})
    interfaces = template.find_resources("AWS::EC2::VPCEndpoint", {"Properties": {"VpcEndpointType": "Interface"}})
    assert interfaces == {}
    assert vpc.has_endpoint(ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER) is True


def test_a_spoke_overlapping_the_hub_is_refused():
    app = App()
    _, shared = hub(app)
    with pytest.raises(Exception, match=re.escape("sharedEndpoints: hubCidr '10.100.0.0/16' overlaps the spoke's cidr '10.100.0.0/16'")):
        IsolatedVpc(Stack(app, "Spoke", env=ENV), "Vpc", cidr="10.100.0.0/16", shared_endpoints=shared.reference)


def test_sharing_with_something_that_is_not_an_account_is_refused():
    with pytest.raises(Exception, match=re.escape("shareWith holds 'my-team', which is not an account ID (12 digits)")):
        hub(App(), share_with=["my-team"])
