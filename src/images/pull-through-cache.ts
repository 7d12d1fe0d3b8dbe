import { Annotations, CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { recordCachedUpstream } from './cached-upstreams';
import { grantImagePull } from './grant-pull';
import { parseUpstreamImage, UpstreamImage } from './upstream';
import { CacheWarmerFunction } from './warmer/cache-warmer-function';
import { Subject } from '../base/errors';
import { ECR_PULL_ACTIONS } from '../endpoints/perimeter';
import { acknowledge } from '../iam/acknowledge';

/**
 * Options of an image served by an ECR pull-through cache.
 */
export interface PullThroughCacheOptions {
  /**
   * The Secrets Manager secret with the upstream registry's credentials. Docker Hub, GitHub,
   * GitLab and Azure need one; its name must start with `ecr-pullthroughcache/`, and it must be in
   * the stack's account and region. Docker Hub's has the keys `username` and `accessToken`.
   *
   * @default - none: public.ecr.aws, quay.io and registry.k8s.io need no credentials
   */
  readonly credentials?: secretsmanager.ISecret;

  /**
   * The prefix of the cached repositories in your registry, which names the rule. One rule per
   * prefix and registry (account and region): give stacks that share an account and region
   * their own prefix.
   *
   * @default - the upstream's name: `ecr-public`, `docker-hub`, `quay`, `k8s`, `github`, `gitlab`, `azure-<registry>`
   */
  readonly repositoryPrefix?: string;
}

/**
 * Container images for an isolated VPC from elsewhere than your own repositories.
 */
export class IsolatedImage {
  /**
   * A public image (public.ecr.aws, Docker Hub, quay.io, registry.k8s.io, ghcr.io, GitLab, Azure)
   * served from an ECR pull-through cache in your registry, so tasks in an isolated VPC pull it
   * through the ECR endpoints. The stack gets the cache rule, and a custom resource outside the
   * VPC fills the cache during the deployment (a first pull through the cache needs the
   * internet), before the service starts. The execution role may pull, import and create the
   * cached repository.
   *
   * @param upstreamImage the image as you would pull it, by tag: `nginx:1.27`, `public.ecr.aws/nginx/nginx:1.27`
   */
  public static fromPullThroughCache(upstreamImage: string, options: PullThroughCacheOptions = {}): ecs.ContainerImage {
    return new PullThroughCacheImage(upstreamImage, options);
  }

  private constructor() {}
}

const PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const SECRET_PREFIX = 'ecr-pullthroughcache/';

class PullThroughCacheImage extends ecs.ContainerImage {
  private readonly upstream: UpstreamImage;
  private readonly prefix: string;

  constructor(private readonly image: string, private readonly options: PullThroughCacheOptions) {
    super();
    try {
      this.upstream = parseUpstreamImage(image);
    } catch (e: any) {
      throw Subject.call(undefined, 'IsolatedImage.fromPullThroughCache').error(e.message);
    }
    this.prefix = options.repositoryPrefix ?? this.upstream.registry.prefix;
    if (!PREFIX.test(this.prefix) || this.prefix.length < 2 || this.prefix.length > 30) {
      throw Subject.call(undefined, `IsolatedImage.fromPullThroughCache('${image}')`).error(`repositoryPrefix '${this.prefix}' is not an ECR repository prefix. `
        + 'Use 2 to 30 lowercase letters, digits and . _ - /, such as \'docker-hub\'.');
    }
    this.checkCredentials();
  }

  public bind(scope: Construct, containerDefinition: ecs.ContainerDefinition): ecs.ContainerImageConfig {
    const stack = Stack.of(scope);
    const cache = PullThroughCache.of(stack);
    cache.rule(this.upstream, this.prefix, this.options.credentials, this.image);
    const repository = `${this.prefix}/${this.upstream.repository}`;

    const taskDefinition = containerDefinition.taskDefinition;
    const repositoryArn = stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: repository });
    grantImagePull(taskDefinition, [repositoryArn]);
    // Should a task ever pull a tag the warmer did not, ECR imports it for the execution role (if it can reach the upstream).
    taskDefinition.addToExecutionRolePolicy(new iam.PolicyStatement({ actions: ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'], resources: [repositoryArn] }));

    if (this.upstream.defaultTag) {
      Annotations.of(containerDefinition).addWarningV2('isolated-ecs-constructs:pull-through-latest',
        `IsolatedImage.fromPullThroughCache('${this.image}') names no tag, so 'latest' is cached once and kept: the tasks never see a newer 'latest'. `
        + 'Name a version tag, such as \'public.ecr.aws/nginx/nginx:1.27\'.');
    }
    const warmup = cache.warmup(repository, repositoryArn, this.upstream.tag, architectureOf(taskDefinition));
    // The tasks must not start before the cache holds the image: the task definition (and so the service) waits.
    taskDefinition.node.addDependency(warmup);
    const imageName = `${stack.account}.dkr.ecr.${stack.region}.${stack.urlSuffix}/${repository}:${this.upstream.tag}`;
    recordCachedUpstream(containerDefinition, this.image);
    return { imageName };
  }

  private checkCredentials(): void {
    const where = Subject.call(undefined, `IsolatedImage.fromPullThroughCache('${this.image}')`);
    const { registry } = this.upstream;
    const secret = this.options.credentials;
    if (registry.needsCredentials && !secret) {
      throw where.error(`${registry.url} needs credentials for a pull-through cache. Store them in a Secrets Manager secret named `
        + `'${SECRET_PREFIX}<name>' (for Docker Hub the keys 'username' and 'accessToken') and pass it: { credentials: secret }.`);
    }
    if (!secret) return;
    if (!registry.needsCredentials) {
      throw where.error(`${registry.url} takes no credentials for a pull-through cache. Remove credentials.`);
    }
    const name = secret.secretName;
    if (Token.isUnresolved(name) || !name.startsWith(SECRET_PREFIX)) {
      const shown = Token.isUnresolved(name) ? 'a generated name' : `'${name}'`;
      throw where.error(`the credentials secret has ${shown}, but ECR only reads pull-through cache credentials from secrets whose name starts with `
        + `'${SECRET_PREFIX}'. Create it with secretName: '${SECRET_PREFIX}${registry.prefix}', or import one with that prefix.`);
    }
    // A partial ARN (Secret.fromSecretNameV2) is what ECR's CredentialArn pattern accepts and Secrets Manager resolves, unless
    // the name itself ends in a hyphen and six characters: Secrets Manager then takes it for a complete ARN and finds nothing.
    if (secret.secretFullArn === undefined && /-[A-Za-z0-9]{6}$/.test(name)) {
      throw where.error(`the credentials secret '${name}' is imported by name, and its name ends in a hyphen and six characters, which `
        + 'Secrets Manager reads as the random suffix of a complete ARN: ECR would not find the secret. Import it by its complete ARN: '
        + `secretsmanager.Secret.fromSecretCompleteArn(this, 'Credentials', 'arn:aws:secretsmanager:<region>:<account>:secret:${name}-<suffix>').`);
    }
  }
}

function architectureOf(taskDefinition: ecs.TaskDefinition): string {
  const platform = Stack.of(taskDefinition).resolve((taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).runtimePlatform);
  return platform?.cpuArchitecture === 'ARM64' ? 'arm64' : 'amd64';
}

/**
 * The stack's pull-through cache: one rule and repository creation template per upstream
 * registry, and one warm-up per cached image and architecture.
 */
class PullThroughCache extends Construct {
  public static of(stack: Stack): PullThroughCache {
    const id = 'IsolatedImagePullThroughCache';
    return (stack.node.tryFindChild(id) as PullThroughCache | undefined) ?? new PullThroughCache(stack, id);
  }

  private readonly rules = new Map<string, { registry: string; secret?: secretsmanager.ISecret; image: string }>();
  private provider?: cr.Provider;
  private warmer?: CacheWarmerFunction;

  public rule(upstream: UpstreamImage, prefix: string, secret: secretsmanager.ISecret | undefined, image: string): void {
    const existing = this.rules.get(prefix);
    if (existing) {
      if (existing.registry !== upstream.registry.url || existing.secret !== secret) {
        throw Subject.call(this, `IsolatedImage.fromPullThroughCache('${image}')`).error(`repositoryPrefix '${prefix}' is already the cache of ${existing.registry} `
          + `for '${existing.image}'${existing.secret !== secret && existing.registry === upstream.registry.url ? ' with other credentials' : ''}. `
          + 'Give this registry another repositoryPrefix, or the same credentials.');
      }
      return;
    }
    this.rules.set(prefix, { registry: upstream.registry.url, secret, image });
    const id = prefix.replace(/[^A-Za-z0-9]/g, '-');
    new ecr.CfnPullThroughCacheRule(this, `Rule-${id}`, {
      ecrRepositoryPrefix: prefix,
      upstreamRegistry: upstream.registry.name,
      upstreamRegistryUrl: upstream.registry.url,
      credentialArn: secret?.secretArn,
    });
    // Cached repositories are created by ECR on the first pull; the template gives them our settings.
    new ecr.CfnRepositoryCreationTemplate(this, `Template-${id}`, {
      prefix,
      appliedFor: ['PULL_THROUGH_CACHE'],
      description: `Repositories of the ${upstream.registry.url} pull-through cache (isolated-ecs-constructs)`,
      encryptionConfiguration: { encryptionType: 'AES256' },
      imageTagMutability: 'MUTABLE',
      lifecyclePolicy: JSON.stringify({
        rules: [{
          rulePriority: 1,
          description: 'Cached images no tag points to any more',
          selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 30 },
          action: { type: 'expire' },
        }],
      }),
    });
  }

  public warmup(repository: string, repositoryArn: string, tag: string, architecture: string): CustomResource {
    const id = `Warmup-${repository.replace(/[^A-Za-z0-9]/g, '-')}-${tag.replace(/[^A-Za-z0-9]/g, '-')}-${architecture}`;
    const existing = this.node.tryFindChild(id) as CustomResource | undefined;
    if (existing) return existing;
    return new CustomResource(this, id, {
      serviceToken: this.warmerProvider(repositoryArn).serviceToken,
      resourceType: 'Custom::PullThroughCacheWarmup',
      properties: { Repository: repository, Tag: tag, Architecture: architecture },
    });
  }

  private warmerProvider(repositoryArn: string): cr.Provider {
    if (!this.warmer) {
      // Outside the VPC on purpose: it reaches the upstream registry through ECR, which the tasks cannot.
      this.warmer = new CacheWarmerFunction(this, 'Warmer', {
        description: 'Fills the ECR pull-through cache before the tasks that pull from it start (isolated-ecs-constructs)',
        runtime: lambda.Runtime.NODEJS_24_X,
        timeout: Duration.minutes(10),
        memorySize: 512,
      });
      this.warmer.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
      this.provider = new cr.Provider(this, 'WarmerProvider', { onEventHandler: this.warmer });
      this.acknowledgeDeploymentMachinery(this.warmer, this.provider.node.findChild('framework-onEvent') as lambda.Function);
    }
    this.warmer.addToRolePolicy(new iam.PolicyStatement({
      actions: [...ECR_PULL_ACTIONS, 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository', 'ecr:DescribeImages'],
      resources: [repositoryArn],
    }));
    return this.provider!;
  }

  // What deployment-time functions need, explained where it arises for cdk-nag (the users' security checks too).
  private acknowledgeDeploymentMachinery(warmer: lambda.Function, framework: lambda.Function): void {
    const basic = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
    for (const fn of [warmer, framework]) {
      acknowledge(fn.role!, basic, 'Lets a deployment-time function write its own logs; AWS keeps the managed policy to exactly that.');
    }
    acknowledge(warmer.role!, 'AwsSolutions-IAM5[Resource::*]', 'ecr:GetAuthorizationToken has no resource to scope to.');
    const logicalId = Stack.of(warmer).resolve((warmer.node.defaultChild as lambda.CfnFunction).logicalId);
    acknowledge(framework.role!, `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
      'aws-cdk-lib\'s provider framework may invoke every version of the warmer function it fronts.');
    acknowledge(framework, 'AwsSolutions-L1', 'aws-cdk-lib\'s provider framework chooses the runtime of its own function.');
  }
}
