// Resources of other accounts behind our own perimeter: each grant the analysis reads, and each
// secret ECS injects, gets an exception in its endpoint's policy for exactly that resource and those
// actions, for our principals only; the IAM simulator proves the request passes and its neighbours do not.
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { endpointAllows, ME, THEM } from './simulator';
import { EndpointPolicy, EndpointPreset, IsolatedVpc, IsolatedVpcProps, PrivateFargateService } from '../../src';

const PARTNER = '222222222222';
const QUEUE = `arn:aws:sqs:us-east-1:${PARTNER}:orders`;
const SECRET = `arn:aws:secretsmanager:us-east-1:${PARTNER}:secret:partner/token-AbCdEf`;
const TABLE = `arn:aws:dynamodb:us-east-1:${PARTNER}:table/prices`;

function app(vpcProps: IsolatedVpcProps = { endpoints: EndpointPreset.AUTO }) {
  const root = new App();
  const stack = new Stack(root, 'Stack', { env: { account: ME, region: 'us-east-1' } });
  const vpc = new IsolatedVpc(stack, 'Vpc', vpcProps);
  const service = new PrivateFargateService(stack, 'Api', { vpc, image: ecs.ContainerImage.fromRegistry(`${ME}.dkr.ecr.us-east-1.amazonaws.com/api:1`) });
  const synth = () => {
    root.synth();
    const template = Template.fromStack(stack);
    const endpoint = (suffix: string) => Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint'))
      .find((r) => r.Properties.ServiceName === `com.amazonaws.us-east-1${suffix}`)?.Properties.PolicyDocument;
    return { template, endpoint };
  };
  return { root, stack, vpc, service, synth };
}

const request = (action: string, resource: string, resourceAccount = PARTNER, principalAccount = ME) =>
  ({ action, resource, resourceAccount, principalAccount });

describe('a queue of another account that the task role may send to', () => {
  test('the sqs endpoint lets our principals send to that queue, and nothing else of that account', async () => {
    const { stack, service, synth } = app();
    sqs.Queue.fromQueueArn(stack, 'Orders', QUEUE).grantSendMessages(service.taskDefinition.taskRole);
    const policy = synth().endpoint('.sqs');
    expect(await endpointAllows(policy, request('sqs:SendMessage', QUEUE))).toBe(true);
    expect(await endpointAllows(policy, request('sqs:DeleteMessage', QUEUE))).toBe(false);
    expect(await endpointAllows(policy, request('sqs:SendMessage', `arn:aws:sqs:us-east-1:${PARTNER}:other`))).toBe(false);
    expect(await endpointAllows(policy, request('sqs:SendMessage', QUEUE, PARTNER, THEM))).toBe(false);
  });

  test('one statement per action set lists every resource', () => {
    const { stack, service, synth } = app();
    for (const name of ['a', 'b', 'c']) sqs.Queue.fromQueueArn(stack, name, `arn:aws:sqs:us-east-1:${PARTNER}:${name}`).grantSendMessages(service.taskDefinition.taskRole);
    const statements = synth().endpoint('.sqs').Statement.filter((s: any) => /OtherAccounts/.test(s.Sid));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toEqual({
      Sid: 'TrustedPrincipalsToOtherAccounts1',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
      Resource: ['a', 'b', 'c'].map((n) => `arn:aws:sqs:us-east-1:${PARTNER}:${n}`),
      Condition: { StringEquals: { 'aws:PrincipalAccount': [ME] } },
    });
  });

  test('nothing is added for a trusted account or with EndpointPolicy.OPEN', () => {
    for (const endpointPolicy of [EndpointPolicy.accounts([PARTNER]), EndpointPolicy.OPEN]) {
      const { stack, service, synth } = app({ endpoints: EndpointPreset.AUTO, endpointPolicy });
      sqs.Queue.fromQueueArn(stack, 'Orders', QUEUE).grantSendMessages(service.taskDefinition.taskRole);
      const statements = synth().endpoint('.sqs')?.Statement ?? [];
      expect(statements.filter((s: any) => /OtherAccounts/.test(s.Sid))).toEqual([]);
    }
  });
});

describe('secrets ECS injects from another account', () => {
  test('the secretsmanager endpoint lets the execution role read that secret only', async () => {
    const { stack, service, synth } = app();
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Token', SECRET);
    service.container.addSecret('TOKEN', ecs.Secret.fromSecretsManager(secret));
    const policy = synth().endpoint('.secretsmanager');
    expect(await endpointAllows(policy, request('secretsmanager:GetSecretValue', SECRET))).toBe(true);
    expect(await endpointAllows(policy, request('secretsmanager:PutSecretValue', SECRET))).toBe(false);
    expect(await endpointAllows(policy, request('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:us-east-1:${PARTNER}:secret:other-AbCdEf`))).toBe(false);
  });
});

describe('a table of another account', () => {
  test('the DynamoDB gateway lets the granted reads through', async () => {
    const { stack, service, synth } = app();
    dynamodb.Table.fromTableArn(stack, 'Prices', TABLE).grantReadData(service.taskDefinition.taskRole);
    const { template } = synth();
    const gateway = Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }))
      .find((r) => JSON.stringify(r.Properties.ServiceName).includes('dynamodb')).Properties.PolicyDocument;
    expect(await endpointAllows(gateway, request('dynamodb:GetItem', TABLE))).toBe(true);
    expect(await endpointAllows(gateway, request('dynamodb:PutItem', TABLE))).toBe(false);
  });
});

describe('grants the perimeter cannot express', () => {
  test('a resource in any account fails synth, naming the fixes', () => {
    const { root, service } = app();
    service.taskDefinition.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:*:orders'] }));
    expect(() => root.synth()).toThrow(
      "Task role 'Stack/Api/TaskRole' of PrivateFargateService 'Stack/Api' may sqs:SendMessage on 'arn:aws:sqs:us-east-1:*:orders', in any account, but the "
      + "'sqs' endpoint's data perimeter (EndpointPolicy.ACCOUNT) lets trusted principals reach resources of trusted accounts only, and an exception cannot "
      + "name every account: the calls would be denied. Name the account in the grant's resource (the library then admits that resource), trust the accounts: "
      + "endpointPolicy: EndpointPolicy.accounts(['<account>']) or EndpointPolicy.organization('<o-id>'), or, if the code never makes these calls from "
      + "the VPC: vpc.waiveEndpoint('sqs', 'why').");
  });

  test('under an organization perimeter a wildcard account is left to the organization', () => {
    const { root, service } = app({ endpoints: EndpointPreset.AUTO, endpointPolicy: EndpointPolicy.organization('o-a1b2c3d4e5') });
    service.taskDefinition.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:*:orders'] }));
    expect(() => root.synth()).not.toThrow();
  });

  test('an endpoint policy over 20,480 characters fails synth', () => {
    const { stack, service, root } = app();
    for (let i = 0; i < 400; i++) {
      sqs.Queue.fromQueueArn(stack, `Q${i}`, `arn:aws:sqs:us-east-1:${PARTNER}:a-queue-with-a-long-name-number-${i}`).grantSendMessages(service.taskDefinition.taskRole);
    }
    expect(() => root.synth()).toThrow(new RegExp(
      "IsolatedVpc 'Stack/Vpc': the policy of its 'sqs' endpoint has \\d+ characters, more than the 20480 an endpoint policy may hold \\(a PrivateLink "
      + "quota that cannot be raised\\), so CloudFormation would fail the deployment; 400 of its resources are other accounts' resources the workloads "
      + 'are granted\\. Trust the accounts whose resources the workloads use instead of naming each resource: endpointPolicy: EndpointPolicy\\.accounts'));
  });
});

test('the assumed role of a partner account is admitted by the sts endpoint', async () => {
  const { stack, service, synth } = app();
  const partner = `arn:aws:iam::${PARTNER}:role/partner-api`;
  iam.Role.fromRoleArn(stack, 'Partner', partner).grantAssumeRole(service.taskDefinition.taskRole);
  const policy = synth().endpoint('.sts');
  expect(await endpointAllows(policy, request('sts:AssumeRole', partner))).toBe(true);
  expect(await endpointAllows(policy, request('sts:AssumeRole', `arn:aws:iam::${PARTNER}:role/admin`))).toBe(false);
  Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sts:AssumeRole', Resource: partner })]) },
  });
});

test('in a VPC with a fixed preset lacking the endpoint, the missing endpoint is still the error', () => {
  const { root, stack, service } = app({ endpoints: EndpointPreset.FARGATE });
  sqs.Queue.fromQueueArn(stack, 'Orders', QUEUE).grantSendMessages(service.taskDefinition.taskRole);
  expect(() => root.synth()).toThrow(/needs the 'sqs' interface endpoint/);
});
