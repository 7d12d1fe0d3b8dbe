/**
 * A registry that an ECR pull-through cache rule can mirror (`AWS::ECR::PullThroughCacheRule`).
 */
export interface UpstreamRegistry {
  /** The rule's `UpstreamRegistry` value. */
  readonly name: string;
  /** The rule's `UpstreamRegistryUrl`, which the warmer also pulls from in tests. */
  readonly url: string;
  /** The repository prefix used unless the user gives one: what the registry is called. */
  readonly prefix: string;
  /** Whether ECR needs a Secrets Manager secret to pull from it. */
  readonly needsCredentials: boolean;
}

const REGISTRIES: Array<[RegExp, (host: string) => UpstreamRegistry]> = [
  [/^public\.ecr\.aws$/, () => ({ name: 'ecr-public', url: 'public.ecr.aws', prefix: 'ecr-public', needsCredentials: false })],
  [/^((registry-1|index)\.)?docker\.io$/, () => ({ name: 'docker-hub', url: 'registry-1.docker.io', prefix: 'docker-hub', needsCredentials: true })],
  [/^quay\.io$/, () => ({ name: 'quay', url: 'quay.io', prefix: 'quay', needsCredentials: false })],
  [/^registry\.k8s\.io$/, () => ({ name: 'k8s', url: 'registry.k8s.io', prefix: 'k8s', needsCredentials: false })],
  [/^ghcr\.io$/, () => ({ name: 'github-container-registry', url: 'ghcr.io', prefix: 'github', needsCredentials: true })],
  [/^registry\.gitlab\.com$/, () => ({ name: 'gitlab-container-registry', url: 'registry.gitlab.com', prefix: 'gitlab', needsCredentials: true })],
  [/^[a-z0-9]+\.azurecr\.io$/, (host) => ({ name: 'azure-container-registry', url: host, prefix: `azure-${host.split('.')[0]}`.slice(0, 30), needsCredentials: true })],
];

/**
 * An image of a public registry, as the pull-through cache sees it.
 */
export interface UpstreamImage {
  readonly registry: UpstreamRegistry;
  /** The repository in the upstream registry (`library/nginx` for Docker Hub's official images). */
  readonly repository: string;
  readonly tag: string;
  /** Whether the reference had no tag, so `latest` was assumed. */
  readonly defaultTag: boolean;
}

/**
 * Reads `nginx:1.27`, `docker.io/bitnami/redis:7`, `public.ecr.aws/nginx/nginx:1.27`, `quay.io/...`,
 * `registry.k8s.io/...`, `ghcr.io/...`; throws with the reason and the fix when the reference cannot
 * go through a pull-through cache.
 */
export function parseUpstreamImage(image: string): UpstreamImage {
  if (image.includes('@')) {
    throw new Error(`'${image}' names the image by digest. A pull-through cache fills on a pull by tag only, and a first pull by digest `
      + 'never reaches the upstream (aws/containers-roadmap#2837). Name it by tag, such as \'nginx:1.27\'.');
  }
  const first = image.split('/')[0];
  const hasHost = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const host = hasHost ? first : 'docker.io';
  const path = hasHost ? image.slice(first.length + 1) : image;
  const known = REGISTRIES.find(([pattern]) => pattern.test(host));
  if (!known) {
    throw new Error(`'${image}' comes from registry '${host}', which an ECR pull-through cache cannot mirror (it mirrors public.ecr.aws, Docker Hub, `
      + 'quay.io, registry.k8s.io, ghcr.io, registry.gitlab.com and Azure Container Registry). Copy the image to a private ECR repository '
      + 'and use ecs.ContainerImage.fromEcrRepository(repository, tag).');
  }
  const registry = known[1](host);
  const colon = path.lastIndexOf(':');
  const named = colon > path.lastIndexOf('/') ? path.slice(0, colon) : path;
  const tag = colon > path.lastIndexOf('/') ? path.slice(colon + 1) : 'latest';
  // Docker Hub keeps its official images under library/.
  const repository = registry.name === 'docker-hub' && !named.includes('/') ? `library/${named}` : named;
  if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(repository) || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    throw new Error(`'${image}' is not an image reference: expected [registry/]repository[:tag], such as 'public.ecr.aws/nginx/nginx:1.27'.`);
  }
  return { registry, repository, tag, defaultTag: colon <= path.lastIndexOf('/') };
}
