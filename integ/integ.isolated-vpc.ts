// IsolatedVpc with each preset. Deployed, it proves the VPC has no way to the internet and
// that its endpoints come up; `integ-runner` compares the synthesized templates with the snapshot.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { integApp } from './integ-app';
import { EndpointPreset, IsolatedVpc } from '../src';

const app = integApp();
const fargate = new Stack(app, 'IsolatedVpcFargate');
const vpc = new IsolatedVpc(fargate, 'Vpc', { endpoints: EndpointPreset.FARGATE });
vpc.addEndpoint(ec2.InterfaceVpcEndpointAwsService.SQS);

const ec2Preset = new Stack(app, 'IsolatedVpcEc2');
new IsolatedVpc(ec2Preset, 'Vpc', { endpoints: EndpointPreset.EC2, maxAzs: 1 });

const integ = new IntegTest(app, 'IsolatedVpcTest', {
  testCases: [fargate, ec2Preset],
  diffAssets: true,
});

// No internet gateway is attached to the VPC.
integ.assertions.awsApiCall('EC2', 'describeInternetGateways', {
  Filters: [{ Name: 'attachment.vpc-id', Values: [vpc.vpcId] }],
}).expect(ExpectedResult.objectLike({ InternetGateways: [] }));

// No route in the VPC leads anywhere but inside it (local) or to the S3 gateway endpoint.
integ.assertions.awsApiCall('EC2', 'describeRouteTables', {
  Filters: [
    { Name: 'vpc-id', Values: [vpc.vpcId] },
    { Name: 'route.destination-cidr-block', Values: ['0.0.0.0/0'] },
  ],
}).expect(ExpectedResult.objectLike({ RouteTables: [] }));

// Every interface endpoint of the catalog (and the SQS one added to it) is available.
integ.assertions.awsApiCall('EC2', 'describeVpcEndpoints', {
  Filters: [
    { Name: 'vpc-id', Values: [vpc.vpcId] },
    { Name: 'vpc-endpoint-type', Values: ['Interface'] },
    { Name: 'vpc-endpoint-state', Values: ['pending', 'pendingAcceptance', 'deleting', 'deleted', 'rejected', 'failed', 'expired'] },
  ],
}).expect(ExpectedResult.objectLike({ VpcEndpoints: [] }));
