import { Token } from 'aws-cdk-lib';

// <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/<repository>
const PRIVATE_ECR = /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;

/**
 * Why an image reference cannot be pulled from an isolated VPC, or undefined when it can.
 *
 * An unresolved name comes from a CDK construct (an ECR repository or an asset), which is private ECR.
 */
export function publicImageProblem(imageName: string): string | undefined {
  if (Token.isUnresolved(imageName) || PRIVATE_ECR.test(imageName)) return undefined;
  const host = registryHost(imageName);
  const where = host ? `registry '${host}'` : 'Docker Hub';
  return `image '${imageName}' comes from ${where}, which tasks in an isolated VPC can never reach (there is no route to the internet, `
    + 'and an ECR pull-through cache needs one for its first pull). Put the image in private ECR: '
    + 'ecs.ContainerImage.fromAsset(directory) builds and pushes it at deploy time, '
    + 'ecs.ContainerImage.fromEcrRepository(repository, tag) uses a repository of yours, '
    + 'or ecs.ContainerImage.fromRegistry(\'<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>\') names a private ECR image.';
}

// Docker's rule: the first path component is a registry host only if it has a dot or a port, or is localhost.
function registryHost(imageName: string): string | undefined {
  const first = imageName.split('/')[0];
  return imageName.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : undefined;
}
