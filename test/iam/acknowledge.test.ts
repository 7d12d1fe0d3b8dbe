// cdk-nag AwsSolutions over a PrivateFargateService, in the two kinds of stack users deploy:
// every finding the library causes is acknowledged with its reason, wherever the stack goes.
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IsolatedImage, IsolatedVpc, PrivateFargateService } from '../../src';

test.each([
  ['environment-agnostic', undefined],
  ['with an explicit environment', { account: '111111111111', region: 'eu-west-1' }],
])('no unacknowledged AwsSolutions finding in a stack %s', (_, env) => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env });
  const vpc = new IsolatedVpc(stack, 'Vpc');
  new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry('222222222222.dkr.ecr.eu-west-1.amazonaws.com/api:1') });
  new PrivateFargateService(stack, 'Web', { vpc, serviceName: 'web', image: IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1.27') });
  app.synth();
  const findings = new AwsSolutionsChecks().validateScope(stack).violations
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
  expect(findings).toEqual([]);
});
