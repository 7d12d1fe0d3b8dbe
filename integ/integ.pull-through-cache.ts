// A public image in an isolated VPC: busybox from public.ecr.aws, served by an ECR pull-through
// cache that a custom resource outside the VPC fills during the deployment. Deployed, the task pulls
// the cached image through the VPC's ECR endpoints and reaches RUNNING; the cached repository holds
// the tag.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { assertTasksRunning } from './ecs-assertions';
import { guardDutyCleanup, integApp } from './integ-app';
import { IsolatedImage, IsolatedVpc, PrivateFargateService } from '../src';

const app = integApp();
const stack = new Stack(app, 'PullThroughCache');
const vpc = new IsolatedVpc(stack, 'Vpc');

// Another stack in the same account and region would need its own prefix: one rule per prefix and registry.
const service = new PrivateFargateService(stack, 'Service', {
  vpc,
  image: IsolatedImage.fromPullThroughCache('public.ecr.aws/docker/library/busybox:1.37', { repositoryPrefix: 'integ-ecr-public' }),
  command: ['sh', '-c', 'echo started from the pull-through cache; while true; do sleep 3600; done'],
  serviceName: 'pull-through-cache',
  desiredCount: 1,
  logRemovalPolicy: RemovalPolicy.DESTROY,
});

const integ = new IntegTest(app, 'PullThroughCacheTest', { testCases: [stack], diffAssets: true, hooks: guardDutyCleanup(stack) });
const tasks = assertTasksRunning(integ, service.cluster.clusterName, service.service.serviceName, 1);
const cached = integ.assertions
  .awsApiCall('ECR', 'describeImages', { repositoryName: 'integ-ecr-public/docker/library/busybox', imageIds: [{ imageTag: '1.37' }] }, ['imageDetails.0.imageTags.0'])
  .assertAtPath('imageDetails.0.imageTags.0', ExpectedResult.exact('1.37'))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(15) });
tasks.next(cached);
