import { Aws, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { awsOwnedRepositoryArns } from './aws-owned';
import { crossRegionProblem, ImageSource, imageSource } from './source';

/**
 * Repositories of another account that an image is pulled from, which the ECR endpoints' data
 * perimeter must let through.
 */
export interface ImagePull {
  /** One key per repository owner and name, such as `aws-for-fluent-bit` or `111111111111/base`. */
  readonly source: string;
  readonly repositoryArns: string[];
}

/**
 * What the data perimeter and the roles must allow for an image, or why it can never be pulled.
 */
export interface ImagePullCheck {
  readonly source: ImageSource;
  /** Absent for images of the stack's account, which the perimeter allows already. */
  readonly pull?: ImagePull;
  readonly problem?: string;
  readonly warning?: string;
}

/**
 * The ARN of an ECR repository; in the stack's region when `region` is not given.
 */
export function repositoryArn(account: string, region: string | undefined, repository: string): string {
  return `arn:${Aws.PARTITION}:ecr:${region ?? Aws.REGION}:${account}:repository/${repository}`;
}

/**
 * How `imageName`, used by `scope`, gets through the data perimeter.
 */
export function imagePullOf(scope: IConstruct, imageName: string): ImagePullCheck {
  const source = imageSource(scope, imageName);
  switch (source.kind) {
    case 'own':
      return { source, problem: crossRegionProblem(scope, source) };
    case 'public':
      return { source, problem: source.problem };
    case 'registry':
      return {
        source,
        problem: crossRegionProblem(scope, source),
        pull: { source: `${source.account}/${source.repository}`, repositoryArns: [repositoryArn(source.account, source.region, source.repository)] },
      };
    case 'aws-owned': {
      const arns = awsOwnedRepositoryArns(scope, source.repo);
      if (arns) return { source, pull: { source: source.repo.repository, repositoryArns: arns } };
      return {
        source,
        problem: `the image comes from SSM parameter '${source.parameter}': ${source.repo.name}, whose AWS account in ${Stack.of(scope).region} `
          + `is not in this library's table (from ${source.repo.source}), so the ECR endpoints cannot let it through. Name the image with its account: `
          + `ecs.ContainerImage.fromRegistry('<account>.dkr.ecr.<region>.amazonaws.com/${source.repo.repository}:<tag>'), the value of `
          + `'aws ssm get-parameter --name ${source.parameter}'; the VPC then admits pulls from that repository.`,
      };
    }
    case 'aws-parameter':
      return {
        source,
        warning: `the image comes from public SSM parameter '${source.parameter}' at deploy time, from an AWS account this library does not know, `
          + 'so the ECR endpoints\' data perimeter may refuse the pull (CannotPullContainerError). Name the image with its account: '
          + 'ecs.ContainerImage.fromRegistry(\'<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>\'), the parameter\'s value; '
          + 'the VPC then admits pulls from that repository.',
      };
  }
}
