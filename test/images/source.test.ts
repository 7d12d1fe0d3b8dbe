import { App, Aws, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { awsOwnedRepositoryArns, FLUENT_BIT, GUARDDUTY_AGENT } from '../../src/images/aws-owned';
import { crossRegionProblem, imageSource } from '../../src/images/source';

function stack(env?: { account: string; region: string }) {
  return new Stack(new App(), 'Stack', { env });
}

describe('imageSource', () => {
  const s = stack({ account: '111111111111', region: 'us-east-1' });

  test.each([
    ['111111111111.dkr.ecr.us-east-1.amazonaws.com/app:1', { kind: 'own', repository: 'app', region: 'us-east-1' }],
    ['222222222222.dkr.ecr.us-east-1.amazonaws.com/team/app@sha256:abc', { kind: 'registry', account: '222222222222', region: 'us-east-1', repository: 'team/app' }],
    ['222222222222.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app:1', { kind: 'registry', account: '222222222222', region: 'us-gov-west-1', repository: 'app' }],
    ['333333333333.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1', { kind: 'registry', account: '333333333333', region: 'cn-north-1', repository: 'app' }],
  ])('%s', (image, expected) => {
    expect(imageSource(s, image)).toEqual(expected);
  });

  test('public registries are problems that name the host', () => {
    expect(imageSource(s, 'public.ecr.aws/nginx/nginx:1')).toMatchObject({ kind: 'public', problem: expect.stringContaining("registry 'public.ecr.aws'") });
    expect(imageSource(s, 'nginx:1')).toMatchObject({ kind: 'public', problem: expect.stringContaining('Docker Hub') });
  });

  test('a repository imported by ARN keeps its account; the region token stands for the stack region', () => {
    const repo = ecr.Repository.fromRepositoryArn(s, 'Repo', 'arn:aws:ecr:us-east-1:222222222222:repository/base');
    expect(imageSource(s, repo.repositoryUriForTag('1'))).toMatchObject({ kind: 'registry', account: '222222222222', repository: 'base' });
  });

  test('images the app builds or keeps, and parameters of our own, are our own', () => {
    const repo = new ecr.Repository(s, 'Own');
    expect(imageSource(s, repo.repositoryUriForTag('1'))).toEqual({ kind: 'own' });
    expect(imageSource(s, ssm.StringParameter.valueForStringParameter(s, '/team/images/api'))).toEqual({ kind: 'own' });
  });

  test('public SSM parameters: the FireLens default is AWS-owned; others are of an unknown account', () => {
    expect(imageSource(s, ssm.StringParameter.valueForStringParameter(s, '/aws/service/aws-for-fluent-bit/stable')))
      .toEqual({ kind: 'aws-owned', repo: FLUENT_BIT, parameter: '/aws/service/aws-for-fluent-bit/stable' });
    expect(imageSource(s, ssm.StringParameter.valueForStringParameter(s, '/aws/service/other/latest')))
      .toEqual({ kind: 'aws-parameter', parameter: '/aws/service/other/latest' });
  });

  test('an account named in a URI is a registry when the stack has no account of its own', () => {
    expect(imageSource(stack(), '111111111111.dkr.ecr.us-east-1.amazonaws.com/app:1')).toMatchObject({ kind: 'registry', account: '111111111111' });
  });

  test('cross-region: only when both regions are known and differ', () => {
    const other = { kind: 'registry', account: '2', region: 'eu-west-1', repository: 'app' } as const;
    expect(crossRegionProblem(s, other)).toContain('is in eu-west-1, but the VPC\'s ECR endpoints serve us-east-1 only');
    expect(crossRegionProblem(s, { ...other, region: 'us-east-1' })).toBeUndefined();
    expect(crossRegionProblem(stack(), other)).toBeUndefined();
  });
});

describe('awsOwnedRepositoryArns', () => {
  test('one ARN in a known region, none in an unknown one', () => {
    const arns = awsOwnedRepositoryArns(stack({ account: '111111111111', region: 'eu-west-1' }), GUARDDUTY_AGENT)!;
    expect(arns).toHaveLength(1);
    expect(Stack.of(stack()).resolve(arns[0])).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:694911143906:repository/aws-guardduty-agent-fargate']] });
    expect(awsOwnedRepositoryArns(stack({ account: '111111111111', region: 'xx-nowhere-1' }), FLUENT_BIT)).toBeUndefined();
  });

  test('one ARN per hosting account in the deployed region, when the region is unknown at synth', () => {
    const arns = awsOwnedRepositoryArns(stack(), GUARDDUTY_AGENT)!;
    expect(arns).toHaveLength(new Set(Object.values(GUARDDUTY_AGENT.accounts)).size);
    expect(arns.every((a) => a.includes(Aws.REGION))).toBe(true);
  });

  test('every account is 12 digits, every region a region name', () => {
    for (const repo of [FLUENT_BIT, GUARDDUTY_AGENT]) {
      for (const [region, account] of Object.entries(repo.accounts)) {
        expect(region).toMatch(/^[a-z]{2}(-gov)?-[a-z]+-\d$/);
        expect(account).toMatch(/^\d{12}$/);
      }
    }
  });
});
