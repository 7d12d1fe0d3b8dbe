import { parseUpstreamImage } from '../../src/images/upstream';

describe('parseUpstreamImage', () => {
  test.each([
    ['nginx:1.27', 'docker-hub', 'registry-1.docker.io', 'library/nginx', '1.27'],
    ['docker.io/library/nginx:1.27', 'docker-hub', 'registry-1.docker.io', 'library/nginx', '1.27'],
    ['docker.io/bitnami/redis:7.4', 'docker-hub', 'registry-1.docker.io', 'bitnami/redis', '7.4'],
    ['public.ecr.aws/nginx/nginx:1.27', 'ecr-public', 'public.ecr.aws', 'nginx/nginx', '1.27'],
    ['public.ecr.aws/docker/library/busybox:1.37', 'ecr-public', 'public.ecr.aws', 'docker/library/busybox', '1.37'],
    ['quay.io/prometheus/node-exporter:v1.8.2', 'quay', 'quay.io', 'prometheus/node-exporter', 'v1.8.2'],
    ['registry.k8s.io/pause:3.10', 'k8s', 'registry.k8s.io', 'pause', '3.10'],
    ['ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector:0.115.0', 'github-container-registry', 'ghcr.io',
      'open-telemetry/opentelemetry-collector-releases/opentelemetry-collector', '0.115.0'],
    ['registry.gitlab.com/group/project/app:2', 'gitlab-container-registry', 'registry.gitlab.com', 'group/project/app', '2'],
    ['myteam.azurecr.io/api:3', 'azure-container-registry', 'myteam.azurecr.io', 'api', '3'],
  ])('%s', (image, name, url, repository, tag) => {
    const parsed = parseUpstreamImage(image);
    expect(parsed.registry.name).toBe(name);
    expect(parsed.registry.url).toBe(url);
    expect(parsed.repository).toBe(repository);
    expect(parsed.tag).toBe(tag);
    expect(parsed.defaultTag).toBe(false);
  });

  test('no tag means latest, and says so', () => {
    expect(parseUpstreamImage('public.ecr.aws/nginx/nginx')).toMatchObject({ tag: 'latest', defaultTag: true });
  });

  test('only the registries that need it need credentials', () => {
    expect(parseUpstreamImage('nginx:1').registry.needsCredentials).toBe(true);
    expect(parseUpstreamImage('ghcr.io/a/b:1').registry.needsCredentials).toBe(true);
    expect(parseUpstreamImage('public.ecr.aws/a/b:1').registry.needsCredentials).toBe(false);
    expect(parseUpstreamImage('quay.io/a/b:1').registry.needsCredentials).toBe(false);
  });

  test.each([
    ['nginx@sha256:0123456789abcdef', "'nginx@sha256:0123456789abcdef' names the image by digest. A pull-through cache fills on a pull by tag only"],
    ['mcr.microsoft.com/dotnet/runtime:8.0', "'mcr.microsoft.com/dotnet/runtime:8.0' comes from registry 'mcr.microsoft.com', which an ECR pull-through cache cannot mirror"],
    ['public.ecr.aws/Upper/Case:1', "'public.ecr.aws/Upper/Case:1' is not an image reference: expected [registry/]repository[:tag]"],
  ])('refuses %s', (image, message) => {
    expect(() => parseUpstreamImage(image)).toThrow(message);
  });
});
