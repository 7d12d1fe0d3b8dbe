// The reference deployment with EndpointPreset.AUTO: the VPC derives its interface endpoints from
// the service (ecr.api, ecr.dkr, logs, ssmmessages) instead of the seed's six.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy } from 'aws-cdk-lib';
import { guardDutyCleanup, integApp } from './integ-app';
import { ReferenceStack } from '../reference/reference-stack';
import { EndpointPreset } from '../src';

const app = integApp();
const stack = new ReferenceStack(app, 'AutoEndpoints', { endpoints: EndpointPreset.AUTO, logRemovalPolicy: RemovalPolicy.DESTROY });

const integ = new IntegTest(app, 'AutoEndpointsTest', {
  testCases: [stack],
  diffAssets: true,
  hooks: guardDutyCleanup(stack),
});

// Exactly the four interface endpoints the service needs exist, all available.
integ.assertions.awsApiCall('EC2', 'describeVpcEndpoints', {
  Filters: [
    { Name: 'vpc-id', Values: [stack.vpc.vpcId] },
    { Name: 'vpc-endpoint-type', Values: ['Interface'] },
    { Name: 'vpc-endpoint-state', Values: ['available'] },
  ],
}).expect(ExpectedResult.objectLike({
  VpcEndpoints: [
    { VpcEndpointType: 'Interface' },
    { VpcEndpointType: 'Interface' },
    { VpcEndpointType: 'Interface' },
    { VpcEndpointType: 'Interface' },
  ],
}));
