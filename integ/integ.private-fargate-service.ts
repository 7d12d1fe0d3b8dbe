// The reference deployment: the seed's isolated VPC, cluster and two busybox tasks built from
// reference/image, as `npx projen reference` synthesizes it.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy } from 'aws-cdk-lib';
import { ReferenceStack } from '../reference/reference-stack';

const app = new App();
const stack = new ReferenceStack(app, 'PrivateFargateServiceReference', { logRemovalPolicy: RemovalPolicy.DESTROY });

new IntegTest(app, 'PrivateFargateServiceTest', {
  testCases: [stack],
  diffAssets: true,
});
