"""The data perimeter's exceptions from Python: the FireLens default image and a shared registry get
pull-only statements on the ECR endpoints, and GuardDuty Runtime Monitoring is a plain keyword."""
import json

from aws_cdk import App, Stack, Environment
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_ssm as ssm
from aws_cdk.assertions import Template

from isolated_ecs_constructs import IsolatedVpc, PrivateFargateService


def pull_statements(stack: Stack) -> dict:
    endpoints = Template.from_stack(stack).find_resources("AWS::EC2::VPCEndpoint")
    dkr = next(r for r in endpoints.values() if "ecr.dkr" in json.dumps(r["Properties"]["ServiceName"]))
    return {s["Sid"]: s for s in dkr["Properties"]["PolicyDocument"]["Statement"] if s.get("Sid", "").startswith("TrustedPrincipalsPull")}


def test_firelens_default_image_shared_registry_and_guardduty():
    app = App()
    stack = Stack(app, "Api", env=Environment(account="111111111111", region="eu-west-1"))
    vpc = IsolatedVpc(stack, "Vpc", guard_duty_runtime_monitoring=True)
    api = PrivateFargateService(stack, "Api", vpc=vpc,
                                image=ecs.ContainerImage.from_registry("222222222222.dkr.ecr.eu-west-1.amazonaws.com/base/api:7"))
    api.task_definition.add_firelens_log_router(
        "LogRouter",
        # aws-cdk-lib's obtainDefaultFluentBitECRImage is a TypeScript function jsii does not carry; this is what it does.
        image=ecs.ContainerImage.from_registry(ssm.StringParameter.value_for_string_parameter(stack, "/aws/service/aws-for-fluent-bit/stable")),
        firelens_config=ecs.FirelensConfig(type=ecs.FirelensLogRouterType.FLUENTBIT),
        logging=ecs.LogDrivers.aws_logs(stream_prefix="router"),
    )
    app.synth()
    statements = pull_statements(stack)
    assert sorted(statements) == [
        "TrustedPrincipalsPull222222222222BaseApi", "TrustedPrincipalsPullAwsForFluentBit", "TrustedPrincipalsPullGuardDutyAgent",
    ]
    assert "906394416424" in json.dumps(statements["TrustedPrincipalsPullAwsForFluentBit"]["Resource"])
    assert "694911143906" in json.dumps(statements["TrustedPrincipalsPullGuardDutyAgent"]["Resource"])
    assert vpc.guard_duty_runtime_monitoring is True
    template = Template.from_stack(stack)
    execution = template.find_resources("AWS::IAM::Policy")
    granted = json.dumps([p for p in execution.values() if "ExecutionRole" in json.dumps(p["Properties"]["Roles"])])
    granted += json.dumps(template.find_resources("AWS::IAM::ManagedPolicy"))
    for repository in ["repository/base/api", "906394416424:repository/aws-for-fluent-bit", "694911143906:repository/aws-guardduty-agent-fargate"]:
        assert repository in granted


def test_guardduty_can_be_turned_off():
    app = App()
    stack = Stack(app, "Api", env=Environment(account="111111111111", region="eu-west-1"))
    vpc = IsolatedVpc(stack, "Vpc", guard_duty_runtime_monitoring=False)
    PrivateFargateService(stack, "Api", vpc=vpc, image=ecs.ContainerImage.from_registry("111111111111.dkr.ecr.eu-west-1.amazonaws.com/api:7"))
    app.synth()
    assert pull_statements(stack) == {}
    assert vpc.guard_duty_runtime_monitoring is False
