"""Public images through the pull-through cache, from Python: one keyword argument, the rule and the
warm-up in the template, and the secret check's message."""
import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.assertions import Template

from isolated_ecs_constructs import IsolatedImage, IsolatedVpc, PrivateFargateService


def test_a_public_image_in_one_line():
    app = App()
    stack = Stack(app, "Web")
    vpc = IsolatedVpc(stack, "Vpc")
    PrivateFargateService(stack, "Web", vpc=vpc, image=IsolatedImage.from_pull_through_cache("public.ecr.aws/nginx/nginx:1.27"))
    app.synth()
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::ECR::PullThroughCacheRule", {"EcrRepositoryPrefix": "ecr-public", "UpstreamRegistryUrl": "public.ecr.aws"})
    template.has_resource_properties("Custom::PullThroughCacheWarmup", {"Repository": "ecr-public/nginx/nginx", "Tag": "1.27", "Architecture": "amd64"})


def test_docker_hub_credentials_must_be_named_for_ecr():
    stack = Stack(App(), "Web")
    secret = secretsmanager.Secret.from_secret_name_v2(stack, "Hub", "dockerhub")
    with pytest.raises(Exception, match="whose name starts with 'ecr-pullthroughcache/'"):
        IsolatedImage.from_pull_through_cache("nginx:1.27", credentials=secret)
