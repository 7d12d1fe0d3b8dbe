import { CfnParameter, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AwsOwnedRepository, FLUENT_BIT } from './aws-owned';
import { parseUpstreamImage, UpstreamImage } from './upstream';

/**
 * Where a container image comes from, as far as the data perimeter is concerned.
 */
export type ImageSource =
  /** Built or kept by the app, or private ECR of the stack's own account (`repository` when the URI names it). */
  | { readonly kind: 'own'; readonly repository?: string; readonly region?: string }
  /** Private ECR of an account named in the image URI (a shared registry, perhaps our own account). */
  | { readonly kind: 'registry'; readonly account: string; readonly region?: string; readonly repository: string }
  /** An AWS-owned image whose URI a public SSM parameter gives at deploy time. */
  | { readonly kind: 'aws-owned'; readonly repo: AwsOwnedRepository; readonly parameter: string }
  /** A public SSM parameter whose image's owner the library does not know. */
  | { readonly kind: 'aws-parameter'; readonly parameter: string }
  /** Outside ECR: never reachable without the internet. */
  | { readonly kind: 'public'; readonly problem: string };

// Public SSM parameters that name AWS-owned images, by path prefix.
const AWS_PARAMETER_IMAGES: Array<[string, AwsOwnedRepository]> = [['/aws/service/aws-for-fluent-bit/', FLUENT_BIT]];

// <account>.dkr.ecr[-fips].<region>.<suffix>/<repository>[:tag|@digest]; region and suffix may be tokens.
const PRIVATE_ECR = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([^/]+?)\.(?:amazonaws\.com(?:\.cn)?|\$\{Token\[[^\]]+\]\})\/([^:@]+)/;

/**
 * Where `imageName` (a container definition's image) comes from. `scope` is the construct that uses it.
 */
export function imageSource(scope: IConstruct, imageName: string): ImageSource {
  const stack = Stack.of(scope);
  const ecr = PRIVATE_ECR.exec(imageName);
  if (ecr) {
    const [, account, region, repository] = ecr;
    const known = Token.isUnresolved(region) ? undefined : region;
    if (!Token.isUnresolved(stack.account) && account === stack.account) return { kind: 'own', repository, region: known };
    return { kind: 'registry', account, region: known, repository };
  }
  if (Token.isUnresolved(imageName)) return parameterImage(stack, imageName) ?? { kind: 'own' };
  return { kind: 'public', problem: publicProblem(imageName) };
}

/**
 * Why tasks in `scope`'s region cannot pull a private ECR image of another region, or undefined.
 * Own-account images count too: the region's ECR endpoints serve that region's registry only.
 */
export function crossRegionProblem(scope: IConstruct, source: ImageSource): string | undefined {
  const region = Stack.of(scope).region;
  if ((source.kind !== 'registry' && source.kind !== 'own') || !source.region || Token.isUnresolved(region) || source.region === region) return undefined;
  const owner = source.kind === 'registry' ? `of account ${source.account}` : 'of this account';
  return `image repository '${source.repository}' ${owner} is in ${source.region}, but the VPC's ECR endpoints serve ${region} only, `
    + `so the pull never reaches ${source.region} (CannotPullContainerError). Replicate the repository to ${region} (ECR cross-Region replication: `
    + `new ecr.CfnReplicationConfiguration with a rule whose destination is ${region}) and use the image in ${region}. Cross-Region PrivateLink `
    + `(interface endpoints for ${source.region}'s ecr.api, ecr.dkr and s3) is not created by this library.`;
}

// An image from valueForStringParameter: a Ref to a stack parameter of SSM type.
function parameterImage(stack: Stack, imageName: string): ImageSource | undefined {
  // A parameter's value is one token alone; an asset's or repository's URI mixes tokens and text. Telling
  // them apart without resolving keeps this cheap for the common case.
  const fragments = Tokenization.reverseString(imageName);
  if (fragments.length !== 1 || !fragments.firstToken) return undefined;
  const ref = stack.resolve(imageName)?.Ref;
  if (typeof ref !== 'string') return undefined;
  const parameter = stack.node.children.find((c): c is CfnParameter => c instanceof CfnParameter && stack.resolve(c.logicalId) === ref);
  const path = parameter?.default;
  if (typeof path !== 'string' || !parameter!.type.startsWith('AWS::SSM::Parameter::Value') || !path.startsWith('/aws/service/')) return undefined;
  const known = AWS_PARAMETER_IMAGES.find(([prefix]) => path.startsWith(prefix));
  return known ? { kind: 'aws-owned', repo: known[1], parameter: path } : { kind: 'aws-parameter', parameter: path };
}

function publicProblem(imageName: string): string {
  const host = registryHost(imageName);
  const where = host ? `registry '${host}'` : 'Docker Hub';
  const reach = `image '${imageName}' comes from ${where}, which tasks in an isolated VPC can never reach (there is no route to the internet). `;
  const ecr = 'ecs.ContainerImage.fromAsset(directory) builds and pushes it at deploy time, '
    + 'ecs.ContainerImage.fromEcrRepository(repository, tag) uses a repository of yours, '
    + 'or ecs.ContainerImage.fromRegistry(\'<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>\') names a private ECR image.';
  let upstream: UpstreamImage;
  try {
    upstream = parseUpstreamImage(imageName);
  } catch {
    return `${reach}Put the image in private ECR: ${ecr}`;
  }
  // The image as the cache takes it: tagged, since the cache keeps the first 'latest' it imports.
  const tagged = upstream.defaultTag ? `${imageName}:latest` : imageName;
  const latest = upstream.defaultTag ? ' (then replace \'latest\' with a version tag: the cache keeps the first \'latest\' it imports)' : '';
  const cache = 'Serve it from an ECR pull-through cache that the deployment fills from outside the VPC: ';
  if (!upstream.registry.needsCredentials) {
    return `${reach}${cache}image: IsolatedImage.fromPullThroughCache('${tagged}')${latest}. Or put the image in private ECR: ${ecr}`;
  }
  const secretName = credentialsSecretName(upstream.registry.prefix);
  const withCredentials = `image: IsolatedImage.fromPullThroughCache('${tagged}', { credentials: secretsmanager.Secret.fromSecretNameV2(this, `
    + `'RegistryCredentials', '${secretName}') }), with the registry's credentials in that Secrets Manager secret`
    + `${upstream.registry.name === 'docker-hub' ? ' (keys \'username\' and \'accessToken\')' : ''}`;
  const official = upstream.registry.name === 'docker-hub' && upstream.repository.startsWith('library/');
  if (official) {
    const mirror = `public.ecr.aws/docker/${upstream.repository}:${upstream.tag}`;
    return `${reach}${cache}Docker Official Images are mirrored on public.ecr.aws, which needs no credentials: `
      + `image: IsolatedImage.fromPullThroughCache('${mirror}')${latest}. From Docker Hub itself: ${withCredentials}. Or put the image in private ECR: ${ecr}`;
  }
  return `${reach}${cache}${withCredentials}${latest}. Or put the image in private ECR: ${ecr}`;
}

// A secret name ECR reads, that Secrets Manager will not mistake for a complete ARN when imported by name.
function credentialsSecretName(prefix: string): string {
  const name = `ecr-pullthroughcache/${prefix}`;
  return /-[A-Za-z0-9]{6}$/.test(name) ? `${name}-credentials` : name;
}

// Docker's rule: the first path component is a registry host only if it has a dot or a port, or is localhost.
function registryHost(imageName: string): string | undefined {
  const first = imageName.split('/')[0];
  return imageName.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : undefined;
}
