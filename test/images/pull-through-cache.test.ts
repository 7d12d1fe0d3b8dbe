import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

import { IsolatedImage, IsolatedVpc, PrivateFargateService } from '../../src';

const ARN = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:us-east-1:111111111111:${resource}`]] });

function app() {
  const root = new App();
  const stack = new Stack(root, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = new IsolatedVpc(stack, 'Vpc');
  return { root, stack, vpc };
}

describe('IsolatedImage.fromPullThroughCache', () => {
  test('one line runs a public image: rule, creation template, rewritten image, grants, and a warm-up the service waits for', () => {
    const { root, stack, vpc } = app();
    const service = new PrivateFargateService(stack, 'Web', { vpc, image: IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1.27') });
    root.synth();
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::ECR::PullThroughCacheRule', 1);
    template.hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'ecr-public', UpstreamRegistry: 'ecr-public', UpstreamRegistryUrl: 'public.ecr.aws',
    });
    template.hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
      Prefix: 'ecr-public', AppliedFor: ['PULL_THROUGH_CACHE'], EncryptionConfiguration: { EncryptionType: 'AES256' },
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Image: { 'Fn::Join': ['', ['111111111111.dkr.ecr.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/ecr-public/nginx/nginx:1.27']] },
      })],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^WebExecutionRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'], Resource: ARN('repository/ecr-public/nginx/nginx') }),
        ]),
      },
    });
    template.hasResourceProperties('Custom::PullThroughCacheWarmup', { Repository: 'ecr-public/nginx/nginx', Tag: '1.27', Architecture: 'amd64' });
    const warmup = Object.keys(template.findResources('Custom::PullThroughCacheWarmup'))[0];
    const taskDefinition = Object.values<any>(template.findResources('AWS::ECS::TaskDefinition'))[0];
    expect(taskDefinition.DependsOn).toContain(warmup);
    expect(service.container.imageName).toContain('/ecr-public/nginx/nginx:1.27');
  });

  test('the warmer runs outside the VPC and may only touch the cached repositories', () => {
    const { root, stack, vpc } = app();
    new PrivateFargateService(stack, 'Web', { vpc, image: IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1.27') });
    root.synth();
    const template = Template.fromStack(stack);
    const warmer = Object.entries<any>(template.findResources('AWS::Lambda::Function'))
      .find(([, f]) => /pull-through cache/.test(f.Properties.Description ?? ''))![1];
    expect(warmer.Properties.VpcConfig).toBeUndefined();
    expect(warmer.Properties.Timeout).toBe(600);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability', 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository', 'ecr:DescribeImages'],
          Resource: ARN('repository/ecr-public/nginx/nginx'),
        })]),
      },
    });
  });

  test('arm64 tasks warm the arm64 image', () => {
    const { root, stack, vpc } = app();
    new PrivateFargateService(stack, 'Web', {
      vpc, cpuArchitecture: ecs.CpuArchitecture.ARM64, image: IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1.27'),
    });
    root.synth();
    Template.fromStack(stack).hasResourceProperties('Custom::PullThroughCacheWarmup', { Architecture: 'arm64' });
  });

  test('two images of one registry share its rule; one warmer serves both', () => {
    const { root, stack, vpc } = app();
    new PrivateFargateService(stack, 'Web', { vpc, serviceName: 'web', image: IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1.27') });
    new PrivateFargateService(stack, 'Box', { vpc, serviceName: 'box', image: IsolatedImage.fromPullThroughCache('public.ecr.aws/docker/library/busybox:1.37') });
    root.synth();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ECR::PullThroughCacheRule', 1);
    template.resourceCountIs('Custom::PullThroughCacheWarmup', 2);
    expect(Object.values<any>(template.findResources('AWS::Lambda::Function')).filter((f) => /pull-through cache/.test(f.Properties.Description ?? ''))).toHaveLength(1);
  });

  test('Docker Hub with its credentials secret; official images under library/', () => {
    const { root, stack, vpc } = app();
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Hub', 'ecr-pullthroughcache/docker-hub');
    new PrivateFargateService(stack, 'Web', { vpc, image: IsolatedImage.fromPullThroughCache('nginx:1.27', { credentials: secret }) });
    root.synth();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'docker-hub',
      UpstreamRegistry: 'docker-hub',
      UpstreamRegistryUrl: 'registry-1.docker.io',
      CredentialArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('secret:ecr-pullthroughcache/docker-hub')])] },
    });
    template.hasResourceProperties('Custom::PullThroughCacheWarmup', { Repository: 'docker-hub/library/nginx' });
  });

  test('a secret imported by name gives a partial ARN that matches ECR\'s CredentialArn pattern', () => {
    const { root, stack, vpc } = app();
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Hub', 'ecr-pullthroughcache/docker-hub');
    new PrivateFargateService(stack, 'Web', { vpc, image: IsolatedImage.fromPullThroughCache('nginx:1.27', { credentials: secret }) });
    root.synth();
    const rule = Object.values<any>(Template.fromStack(stack).findResources('AWS::ECR::PullThroughCacheRule'))[0];
    const parts: unknown[] = rule.Properties.CredentialArn['Fn::Join'][1];
    const deployed = parts.map((p: any) => typeof p === 'string' ? p : { 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1', 'AWS::AccountId': '123456789012' }[p.Ref as string]).join('');
    // The pattern of AWS::ECR::PullThroughCacheRule CredentialArn (CloudFormation resource reference).
    expect(deployed).toMatch(/^arn:aws:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\-pullthroughcache\/[a-zA-Z0-9\/_+=.@-]+$/);
    expect(deployed).toBe('arn:aws:secretsmanager:us-east-1:111111111111:secret:ecr-pullthroughcache/docker-hub');
  });

  test('a prefix of your own', () => {
    const { root, stack, vpc } = app();
    new PrivateFargateService(stack, 'Web', { vpc, image: IsolatedImage.fromPullThroughCache('quay.io/prometheus/node-exporter:v1.8.2', { repositoryPrefix: 'prod/quay' }) });
    root.synth();
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::PullThroughCacheRule', { EcrRepositoryPrefix: 'prod/quay', UpstreamRegistry: 'quay' });
  });

  test('no VPC endpoint, no perimeter exception: the cached repository is ours', () => {
    const { root, stack, vpc } = app();
    new PrivateFargateService(stack, 'Web', { vpc, image: IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1.27'), enableExecuteCommand: false });
    root.synth();
    expect([...vpc.endpointNames].sort()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages']);
    const dkr = Object.values<any>(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'))
      .find((r) => JSON.stringify(r.Properties.ServiceName).includes('ecr.dkr'));
    expect(dkr.Properties.PolicyDocument.Statement.filter((s: any) => /Pull(?!GuardDuty)/.test(s.Sid ?? ''))).toEqual([]);
  });

  test.each([
    [() => IsolatedImage.fromPullThroughCache('nginx:1.27'),
      "IsolatedImage.fromPullThroughCache('nginx:1.27'): registry-1.docker.io needs credentials for a pull-through cache. Store them in a Secrets Manager secret named 'ecr-pullthroughcache/<name>'"],
    [() => IsolatedImage.fromPullThroughCache('nginx:1.27', { credentials: secretsmanager.Secret.fromSecretNameV2(new Stack(), 'S', 'dockerhub-token') }),
      "IsolatedImage.fromPullThroughCache('nginx:1.27'): the credentials secret has 'dockerhub-token', but ECR only reads pull-through cache credentials from secrets whose name starts with 'ecr-pullthroughcache/'. Create it with secretName: 'ecr-pullthroughcache/docker-hub'"],
    [() => IsolatedImage.fromPullThroughCache('nginx:1.27', { credentials: secretsmanager.Secret.fromSecretNameV2(new Stack(), 'S', 'ecr-pullthroughcache/hub-abc123') }),
      "IsolatedImage.fromPullThroughCache('nginx:1.27'): the credentials secret 'ecr-pullthroughcache/hub-abc123' is imported by name, and its name ends in a "
      + 'hyphen and six characters, which Secrets Manager reads as the random suffix of a complete ARN: ECR would not find the secret. Import it by its '
      + "complete ARN: secretsmanager.Secret.fromSecretCompleteArn(this, 'Credentials', 'arn:aws:secretsmanager:<region>:<account>:secret:ecr-pullthroughcache/hub-abc123-<suffix>')."],
    [() => IsolatedImage.fromPullThroughCache('nginx:1.27', { credentials: new secretsmanager.Secret(new Stack(), 'S') }),
      'the credentials secret has a generated name, but ECR only reads pull-through cache credentials from secrets whose name starts with'],
    [() => IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1', { credentials: secretsmanager.Secret.fromSecretNameV2(new Stack(), 'S', 'ecr-pullthroughcache/x') }),
      "IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1'): public.ecr.aws takes no credentials for a pull-through cache. Remove credentials."],
    [() => IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1', { repositoryPrefix: 'Prod' }),
      "repositoryPrefix 'Prod' is not an ECR repository prefix. Use 2 to 30 lowercase letters, digits and . _ - /, such as 'docker-hub'."],
    [() => IsolatedImage.fromPullThroughCache('nginx@sha256:abc'),
      "IsolatedImage.fromPullThroughCache: 'nginx@sha256:abc' names the image by digest."],
    [() => IsolatedImage.fromPullThroughCache('mcr.microsoft.com/dotnet/runtime:8.0'),
      'which an ECR pull-through cache cannot mirror (it mirrors public.ecr.aws, Docker Hub, quay.io, registry.k8s.io, ghcr.io, registry.gitlab.com and Azure Container Registry). Copy the image'],
  ])('refuses bad input %#', (create, message) => {
    expect(create).toThrow(message);
  });

  test('one prefix cannot cache two registries', () => {
    const { stack, vpc } = app();
    new PrivateFargateService(stack, 'A', { vpc, serviceName: 'a', image: IsolatedImage.fromPullThroughCache('quay.io/a/b:1', { repositoryPrefix: 'cache' }) });
    expect(() => new PrivateFargateService(stack, 'B', { vpc, serviceName: 'b', image: IsolatedImage.fromPullThroughCache('public.ecr.aws/a/b:1', { repositoryPrefix: 'cache' }) }))
      .toThrow("IsolatedImage.fromPullThroughCache('public.ecr.aws/a/b:1'): repositoryPrefix 'cache' is already the cache of quay.io for 'quay.io/a/b:1'. Give this registry another repositoryPrefix, or the same credentials.");
  });

  test('the public-image error names the pull-through cache, with the line to write', () => {
    const { stack, vpc } = app();
    expect(() => new PrivateFargateService(stack, 'Web', { vpc, image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27') })).toThrow(
      "image 'public.ecr.aws/nginx/nginx:1.27' comes from registry 'public.ecr.aws', which tasks in an isolated VPC can never reach (there is no route to the internet). "
      + "Serve it from an ECR pull-through cache that the deployment fills from outside the VPC: image: IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1.27').",
    );
    expect(() => new PrivateFargateService(stack, 'Hub', { vpc, serviceName: 'hub', image: ecs.ContainerImage.fromRegistry('nginx:1.27') })).toThrow(
      "image: IsolatedImage.fromPullThroughCache('nginx:1.27', { credentials: secretsmanager.Secret.fromSecretNameV2(this, 'RegistryCredentials', "
      + "'ecr-pullthroughcache/docker-hub') }), with the registry's credentials in that Secrets Manager secret (keys 'username' and 'accessToken')",
    );
  });
});

test('the VPC says why the ECR endpoints serve a cached public image, and that nothing else is needed', () => {
  const { root, stack, vpc } = app();
  new PrivateFargateService(stack, 'Web', { vpc, image: IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx:1.27') });
  root.synth();
  const ecrApi = vpc.explainEndpoints().find((e) => e.endpoint === 'ecr.dkr')!;
  expect(ecrApi.reasons).toContain(
    "PrivateFargateService 'Stack/Web', container 'sample-service' ('public.ecr.aws/nginx/nginx:1.27') pulls a public image from its ECR pull-through cache, "
    + 'which is a repository of your registry (no other endpoint, no perimeter exception)',
  );
});

test('an image without a tag: a warning that latest is cached once, naming the fix', () => {
  const { root, stack, vpc } = app();
  new PrivateFargateService(stack, 'Web', { vpc, image: IsolatedImage.fromPullThroughCache('public.ecr.aws/nginx/nginx') });
  root.synth();
  Annotations.fromStack(stack).hasWarning('/Stack/Web/TaskDefinition/Container', Match.stringLikeRegexp(
    "IsolatedImage.fromPullThroughCache\\('public.ecr.aws/nginx/nginx'\\) names no tag, so 'latest' is cached once and kept",
  ));
});

test('one prefix of one registry with two credentials is refused', () => {
  const { stack, vpc } = app();
  const first = secretsmanager.Secret.fromSecretNameV2(stack, 'A', 'ecr-pullthroughcache/a');
  const second = secretsmanager.Secret.fromSecretNameV2(stack, 'B', 'ecr-pullthroughcache/b');
  new PrivateFargateService(stack, 'One', { vpc, serviceName: 'one', image: IsolatedImage.fromPullThroughCache('nginx:1', { credentials: first }) });
  expect(() => new PrivateFargateService(stack, 'Two', { vpc, serviceName: 'two', image: IsolatedImage.fromPullThroughCache('redis:7', { credentials: second }) }))
    .toThrow("repositoryPrefix 'docker-hub' is already the cache of registry-1.docker.io for 'nginx:1' with other credentials. Give this registry another repositoryPrefix, or the same credentials.");
});
