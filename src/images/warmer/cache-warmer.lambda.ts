// The cache warmer: a custom resource handler (behind the provider framework) that runs outside the
// VPC, where it can reach the upstream registry through ECR, and fills the pull-through cache
// before the service that needs the image is created. Its AWS SDK is the one in the Lambda runtime.
import { DescribeImagesCommand, ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { warmImage } from './warm';

interface Event {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { readonly Repository: string; readonly Tag: string; readonly Architecture: string };
}

const ecr = new ECRClient({});

export async function handler(event: Event): Promise<{ PhysicalResourceId: string; Data?: Record<string, string> }> {
  const { Repository: repository, Tag: tag, Architecture: architecture } = event.ResourceProperties;
  const id = `${repository}:${tag}`;
  // Deleting the warm-up leaves the cached image: the service may still run it, and ECR ages it out by its lifecycle.
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId ?? id };

  const token = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0];
  if (!token?.authorizationToken || !token.proxyEndpoint) throw new Error('ecr:GetAuthorizationToken returned no token');
  const result = await warmImage({ registry: token.proxyEndpoint, authorization: `Basic ${token.authorizationToken}`, repository, tag, architecture });
  await confirmCached(repository, tag);
  console.log(JSON.stringify({ warmed: id, ...result }));
  return { PhysicalResourceId: id, Data: { ImageDigest: result.digest, Image: `${token.proxyEndpoint.replace(/^https:\/\//, '')}/${id}` } };
}

// The pull succeeded; the image must now be in the cached repository, or the tasks would pull in vain.
async function confirmCached(repository: string, tag: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const images = await ecr.send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }));
      if (images.imageDetails?.length) return;
    } catch (error: any) {
      if (attempt >= 10) throw new Error(`${repository}:${tag} was pulled, but is not in the cached repository: ${error.message}`);
    }
    if (attempt >= 10) throw new Error(`${repository}:${tag} was pulled, but is not in the cached repository`);
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}
