// The reference deployment: the seed's isolated VPC, cluster and two busybox tasks built from
// reference/image, as `./scripts/reference.sh` synthesizes it. Deployed, it proves both tasks
// reach RUNNING with no internet access, and that ECS Exec opens a session over SSM.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy } from 'aws-cdk-lib';
import { assertExecWorks, assertTasksRunning } from './ecs-assertions';
import { guardDutyCleanup, integApp } from './integ-app';
import { ReferenceStack } from '../reference/reference-stack';

const app = integApp();
const stack = new ReferenceStack(app, 'PrivateFargateServiceReference', { logRemovalPolicy: RemovalPolicy.DESTROY });
const [service] = stack.services;

const integ = new IntegTest(app, 'PrivateFargateServiceTest', {
  testCases: [stack],
  diffAssets: true,
  hooks: guardDutyCleanup(stack),
});

const tasks = assertTasksRunning(integ, service.cluster.clusterName, service.service.serviceName, 2);
assertExecWorks(integ, service.cluster.clusterName, tasks, service.container.containerName);
