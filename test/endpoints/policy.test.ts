import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { endpointAllows } from './simulator';
import { EndpointPolicy, IsolatedVpc, IsolatedVpcProps } from '../../src';

const ME = '111111111111';
const THEM = '999999999999';

function policies(props: IsolatedVpcProps = {}) {
  const stack = new Stack(new App(), 'Stack', { env: { account: ME, region: 'us-east-1' } });
  const vpc = new IsolatedVpc(stack, 'Vpc', props);
  const template = Template.fromStack(stack);
  const endpoints = template.findResources('AWS::EC2::VPCEndpoint');
  const policyOf = (suffix: string) => {
    const found = Object.values<any>(endpoints).find((r) => {
      const name = JSON.stringify(r.Properties.ServiceName);
      return name.endsWith(`${suffix}"`) || name.endsWith(`${suffix}"]]}`);
    });
    return found.Properties.PolicyDocument;
  };
  return { vpc, template, policyOf };
}

describe('interface endpoint policies (EndpointPolicy.ACCOUNT, the default)', () => {
  const { policyOf } = policies();

  test('every interface endpoint has a policy', () => {
    for (const name of ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages']) {
      expect(policyOf(`.${name}`).Statement.length).toBeGreaterThanOrEqual(2);
    }
  });

  test('allows our roles to our resources: a same-account secret, our log group', async () => {
    expect(await endpointAllows(policyOf('.secretsmanager'), {
      action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:us-east-1:${ME}:secret:db`, principalAccount: ME, resourceAccount: ME,
    })).toBe(true);
    expect(await endpointAllows(policyOf('.logs'), {
      action: 'logs:PutLogEvents', resource: `arn:aws:logs:us-east-1:${ME}:log-group:app:*`, principalAccount: ME, resourceAccount: ME,
    })).toBe(true);
  });

  test('denies data leaving for another account: a foreign secret, foreign log group', async () => {
    expect(await endpointAllows(policyOf('.secretsmanager'), {
      action: 'secretsmanager:PutSecretValue', resource: `arn:aws:secretsmanager:us-east-1:${THEM}:secret:drop`, principalAccount: ME, resourceAccount: THEM,
    })).toBe(false);
    expect(await endpointAllows(policyOf('.logs'), {
      action: 'logs:PutLogEvents', resource: `arn:aws:logs:us-east-1:${THEM}:log-group:drop:*`, principalAccount: ME, resourceAccount: THEM,
    })).toBe(false);
  });

  test('denies foreign credentials, even to our resources', async () => {
    expect(await endpointAllows(policyOf('.ssm'), {
      action: 'ssm:GetParameter', resource: `arn:aws:ssm:us-east-1:${ME}:parameter/x`, principalAccount: THEM, resourceAccount: ME,
    })).toBe(false);
  });

  test('allows the resource-less ECR sign-in and ECS Exec channels to our principals only', async () => {
    expect(await endpointAllows(policyOf('.ecr.api'), { action: 'ecr:GetAuthorizationToken', resource: '*', principalAccount: ME })).toBe(true);
    expect(await endpointAllows(policyOf('.ecr.api'), { action: 'ecr:GetAuthorizationToken', resource: '*', principalAccount: THEM })).toBe(false);
    for (const action of ['CreateControlChannel', 'CreateDataChannel', 'OpenControlChannel', 'OpenDataChannel']) {
      expect(await endpointAllows(policyOf('.ssmmessages'), { action: `ssmmessages:${action}`, resource: '*', principalAccount: ME })).toBe(true);
    }
    expect(await endpointAllows(policyOf('.ssmmessages'), { action: 'ssmmessages:OpenDataChannel', resource: '*', principalAccount: THEM })).toBe(false);
  });

  test('allows AWS service principals', async () => {
    expect(await endpointAllows(policyOf('.logs'), { action: 'logs:PutLogEvents', resource: '*', principalAccount: THEM, principalIsAwsService: true })).toBe(true);
  });
});

describe('S3 gateway endpoint policy', () => {
  test('allows ECR image layers, our buckets; denies a foreign bucket', async () => {
    const { vpc, template } = policies();
    const gateway = (Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }))[0]).Properties.PolicyDocument;
    // ECR's presigned URL is signed by ECR's own account.
    expect(await endpointAllows(gateway, { action: 's3:GetObject', resource: 'arn:aws:s3:::prod-us-east-1-starport-layer-bucket/layer', principalAccount: '000000000000', resourceAccount: '000000000000' })).toBe(true);
    expect(await endpointAllows(gateway, { action: 's3:PutObject', resource: 'arn:aws:s3:::prod-us-east-1-starport-layer-bucket/layer', principalAccount: ME, resourceAccount: '000000000000' })).toBe(false);
    expect(await endpointAllows(gateway, { action: 's3:GetObject', resource: 'arn:aws:s3:::ours/key', principalAccount: ME, resourceAccount: ME })).toBe(true);
    expect(await endpointAllows(gateway, { action: 's3:PutObject', resource: 'arn:aws:s3:::exfil/key', principalAccount: ME, resourceAccount: THEM })).toBe(false);
    expect(vpc.endpointPolicy).toBe(EndpointPolicy.ACCOUNT);
  });

  test('a declared bucket of another account is allowed with its actions only', async () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: ME, region: 'us-east-1' } });
    const vpc = new IsolatedVpc(stack, 'Vpc');
    vpc.allowS3Bucket('partner-data', ['s3:GetObject']);
    const gateway = (Object.values<any>(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }))[0]).Properties.PolicyDocument;
    expect(await endpointAllows(gateway, { action: 's3:GetObject', resource: 'arn:aws:s3:::partner-data/file', principalAccount: ME, resourceAccount: THEM })).toBe(true);
    expect(await endpointAllows(gateway, { action: 's3:PutObject', resource: 'arn:aws:s3:::partner-data/file', principalAccount: ME, resourceAccount: THEM })).toBe(false);
  });
});

describe('widening and opting out', () => {
  test('named accounts: cross-account ECR images from a shared-services account', async () => {
    const { policyOf } = policies({ endpointPolicy: EndpointPolicy.accounts([THEM]) });
    expect(await endpointAllows(policyOf('.ecr.dkr'), {
      action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:us-east-1:${THEM}:repository/app`, principalAccount: ME, resourceAccount: THEM,
    })).toBe(true);
    expect(await endpointAllows(policyOf('.ecr.dkr'), {
      action: 'ecr:BatchGetImage', resource: 'arn:aws:ecr:us-east-1:222222222222:repository/app', principalAccount: ME, resourceAccount: '222222222222',
    })).toBe(false);
  });

  test('an organization: aws:PrincipalOrgID and aws:ResourceOrgID', () => {
    const { template } = policies({ endpointPolicy: EndpointPolicy.organization('o-a1b2c3d4e5') });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } },
        })]),
      },
    });
  });

  test('OPEN leaves the AWS default (no policy) on every endpoint', () => {
    const { template } = policies({ endpointPolicy: EndpointPolicy.OPEN });
    for (const r of Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint'))) {
      expect(r.Properties.PolicyDocument).toBeUndefined();
    }
  });

  test.each([
    [() => EndpointPolicy.accounts(['12345']), "EndpointPolicy.accounts: '12345' is not an AWS account ID. Give 12-digit account IDs"],
    [() => EndpointPolicy.organization('org-1'), "EndpointPolicy.organization: 'org-1' is not an AWS Organizations ID. Give an ID such as 'o-a1b2c3d4e5'."],
  ])('rejects bad input %#', (create, message) => {
    expect(create).toThrow(message);
  });
});

describe('flow logs and log encryption', () => {
  test('flow logs to CloudWatch Logs with a one-year retention, on by default', () => {
    const { template } = policies();
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('flow logs can be turned off', () => {
    policies({ flowLogs: false }).template.resourceCountIs('AWS::EC2::FlowLog', 0);
  });

  test('a customer KMS key encrypts the flow log group, and its policy lets CloudWatch Logs use it', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: ME, region: 'us-east-1' } });
    const key = new kms.Key(stack, 'Key');
    new IsolatedVpc(stack, 'Vpc', { logEncryptionKey: key });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Action: Match.arrayWith(['kms:Decrypt*', 'kms:GenerateDataKey*']),
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
        })]),
      },
    });
  });

  test('the endpoint clients may send HTTPS only: to the endpoints and to S3', () => {
    const { template } = policies();
    const client = Object.values<any>(template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('^Endpoint clients') },
    }))[0];
    expect(client.Properties.SecurityGroupEgress).toEqual([
      { CidrIp: '0.0.0.0/0', Description: 'HTTPS to S3 through the gateway endpoint', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
    ]);
    expect(ec2.Port.tcp(443).toString()).toBe('443');
  });
});

describe('ECS Exec session logging to S3', () => {
  test('adds the bucket to the gateway policy with s3:PutObject and s3:GetEncryptionConfiguration', async () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: ME, region: 'us-east-1' } });
    const vpc = new IsolatedVpc(stack, 'Vpc');
    const cluster = new ecs.Cluster(stack, 'Cluster', {
      vpc,
      executeCommandConfiguration: {
        logging: ecs.ExecuteCommandLogging.OVERRIDE,
        logConfiguration: { s3Bucket: s3.Bucket.fromBucketName(stack, 'ExecBucket', 'exec-sessions'), s3KeyPrefix: 'exec' },
      },
    });
    expect(cluster.executeCommandConfiguration?.logConfiguration?.s3Bucket).toBeDefined();
    app.synth();
    const gateway = (Object.values<any>(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }))[0]).Properties.PolicyDocument;
    expect(await endpointAllows(gateway, { action: 's3:PutObject', resource: 'arn:aws:s3:::exec-sessions/exec/session.log', principalAccount: ME, resourceAccount: THEM })).toBe(true);
    expect(await endpointAllows(gateway, { action: 's3:GetEncryptionConfiguration', resource: 'arn:aws:s3:::exec-sessions', principalAccount: ME, resourceAccount: THEM })).toBe(true);
    expect(await endpointAllows(gateway, { action: 's3:DeleteObject', resource: 'arn:aws:s3:::exec-sessions/exec/session.log', principalAccount: ME, resourceAccount: THEM })).toBe(false);
  });
});
