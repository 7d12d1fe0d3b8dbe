// Every wrong value a new user might pass, refused at synth with the construct, the value and the fix.
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IsolatedVpc, IsolatedVpcProps, PrivateFargateService, PrivateFargateServiceProps } from '../../src';
import { privateImage } from '../util';

const IMAGE = privateImage('111111111111', 'us-east-1', 'api:1');

function service(props: Partial<PrivateFargateServiceProps>) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = new IsolatedVpc(stack, 'Vpc');
  return () => new PrivateFargateService(stack, 'Api', { vpc, image: IMAGE, ...props });
}

describe('PrivateFargateService', () => {
  test.each([
    [{ containerPort: 70000 }, "PrivateFargateService 'Stack/Api': containerPort 70000 is not a TCP port. Use a whole number from 1 to 65535"],
    [{ containerPort: 0 }, 'containerPort 0 is not a TCP port.'],
    [{ containerPort: 80.5 }, 'containerPort 80.5 is not a TCP port.'],
    [{ minHealthyPercent: 150, maxHealthyPercent: 100 },
      "PrivateFargateService 'Stack/Api': minHealthyPercent 150 with maxHealthyPercent 100: a deployment must keep 150% of desiredCount running and may run at most 100%, "
      + 'so it can neither start a new task nor stop an old one, and never finishes. Make maxHealthyPercent larger than minHealthyPercent'],
    [{ minHealthyPercent: 100, maxHealthyPercent: 100 }, 'minHealthyPercent 100 with maxHealthyPercent 100'],
    [{ minHealthyPercent: -10 }, 'minHealthyPercent -10 is not a percentage of desiredCount. Use a whole number of 0 or more (defaults: 75 and 200).'],
    [{ maxHealthyPercent: 150.5 }, 'maxHealthyPercent 150.5 is not a percentage of desiredCount.'],
    [{ serviceName: 'my api (prod)!' },
      "PrivateFargateService 'Stack/Api': serviceName 'my api (prod)!' is not a name ECS accepts for a service, task family and container: up to 255 letters, digits, hyphens and underscores. Use, for example, 'my-api-prod'."],
    [{ serviceName: 'x'.repeat(256) }, 'is not a name ECS accepts'],
  ])('refuses %j', (props, message) => {
    expect(service(props)).toThrow(message);
  });

  test('accepts the edges: port 1 and 65535, 0 and 100 percent, a 255-character name', () => {
    expect(service({ containerPort: 65535, minHealthyPercent: 0, maxHealthyPercent: 100, serviceName: 'a'.repeat(255) })).not.toThrow();
    expect(service({ containerPort: 1 })).not.toThrow();
  });

  test("a cluster of another VPC: the tasks would land in that VPC's subnets", () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    const vpc = new IsolatedVpc(stack, 'Vpc');
    const other = new IsolatedVpc(stack, 'Other', { cidr: '10.1.0.0/16' });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: other });
    expect(() => new PrivateFargateService(stack, 'Api', { vpc, cluster, image: IMAGE })).toThrow(
      "PrivateFargateService 'Stack/Api': cluster 'Stack/Cluster' is in vpc 'Stack/Other', not in vpc 'Stack/Vpc'. aws-cdk-lib places a service's tasks in its cluster's VPC, "
      + "so the tasks would not reach this VPC's endpoints. Pass a cluster created with vpc, or leave cluster out to get one.",
    );
  });
});

describe('IsolatedVpc', () => {
  const vpc = (props: IsolatedVpcProps) => () => new IsolatedVpc(new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } }), 'Vpc', props);

  test.each([
    [{ availabilityZones: ['eu-west-1a'] }, "IsolatedVpc 'Stack/Vpc': availability zone 'eu-west-1a' is not in the stack's region us-east-1. Use zones of us-east-1, such as 'us-east-1a'"],
    [{ availabilityZones: ['us-east-1a', 'us-east-1a'] }, "availability zone 'us-east-1a' is listed twice."],
    [{ vpcName: 'n'.repeat(256) }, 'vpcName of 256 characters cannot be a Name tag, which holds 1 to 255.'],
  ])('refuses %j', (props, message) => {
    expect(vpc(props)).toThrow(message);
  });

  test('a CIDR over the Docker bridge of EC2 container instances: a warning', () => {
    const stack = new Stack(new App(), 'Stack');
    new IsolatedVpc(stack, 'Vpc', { cidr: '172.17.0.0/16' });
    Annotations.fromStack(stack).hasWarning('/Stack/Vpc', Match.stringLikeRegexp("cidr '172.17.0.0/16' overlaps 172.17.0.0/16, the Docker bridge network"));
  });

  test.each([
    ['arn:aws:s3:::data', ['s3:GetObject'], "allowS3Bucket('arn:aws:s3:::data'): 'arn:aws:s3:::data' is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)"],
    ['data', ['GetObject'], "allowS3Bucket('data'): 'GetObject' is not an S3 action. Give S3 actions, such as ['s3:GetObject']."],
    ['data', [], "allowS3Bucket('data'): no actions."],
  ])('allowS3Bucket(%s, %j) is refused', (bucket, actions, message) => {
    const stack = new Stack(new App(), 'Stack');
    const isolated = new IsolatedVpc(stack, 'Vpc');
    expect(() => isolated.allowS3Bucket(bucket, actions)).toThrow(message);
  });
});

describe('IsolatedVpc CIDR overlaps', () => {
  test('two VPCs of one account and region with overlapping blocks: a warning on the second', () => {
    const stack = new Stack(new App(), 'Stack');
    new IsolatedVpc(stack, 'First', { cidr: '10.0.0.0/16' });
    new IsolatedVpc(stack, 'Second', { cidr: '10.0.128.0/17', subnetCidrMask: 20 });
    new IsolatedVpc(stack, 'Third', { cidr: '10.1.0.0/16' });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Stack/Second', Match.stringLikeRegexp(
      "cidr '10.0.128.0/17' overlaps cidr '10.0.0.0/16' of IsolatedVpc 'Stack/First' in the same account and region, so the two can never be peered",
    ));
    expect(annotations.findWarning('/Stack/Third', Match.stringLikeRegexp('overlaps'))).toHaveLength(0);
  });

  test('the same block in two regions is fine', () => {
    const app = new App();
    new IsolatedVpc(new Stack(app, 'East', { env: { account: '111111111111', region: 'us-east-1' } }), 'Vpc');
    const west = new Stack(app, 'West', { env: { account: '111111111111', region: 'us-west-2' } });
    new IsolatedVpc(west, 'Vpc');
    expect(Annotations.fromStack(west).findWarning('*', Match.stringLikeRegexp('overlaps cidr'))).toHaveLength(0);
  });
});

test('Exec settings with ECS Exec off do nothing, and are refused', () => {
  const stack = new Stack(new App(), 'App');
  const vpc = new IsolatedVpc(stack, 'Vpc');
  expect(() => new PrivateFargateService(stack, 'Svc', { vpc, image: IMAGE, enableExecuteCommand: false, execSessionLogging: false })).toThrow(
    "PrivateFargateService 'App/Svc': enableExecuteCommand is false, so execSessionLogging, which configures ECS Exec, would do nothing. "
    + 'Remove it, or leave ECS Exec on.');
});
