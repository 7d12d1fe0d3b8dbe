// Every integ stack, as its committed snapshot will deploy it, judged by the IAM simulator: each
// task's image pulls, log writes and secret reads pass its execution role and the endpoints'
// policies; writes to other accounts, and other accounts' credentials, do not; each AWS-owned
// carve-out admits only what it names, and only where its workload is.
import * as fs from 'fs';
import * as path from 'path';
import { concrete, decide, Decision, ME, REGION, SimulatedRequest, THEM } from './simulator';

const INTEG = path.join(__dirname, '..', '..', 'integ');
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
const ALLOW_ALL = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const GUARDDUTY_AGENT = `arn:aws:ecr:${REGION}:593207742271:repository/aws-guardduty-agent-fargate`;
const AWS_OWNED = '000000000000';

interface Deployed {
  readonly name: string;
  readonly template: any;
  /** Endpoint short name ('ecr.dkr', 's3') -> its policy, concrete; undefined for no policy. */
  readonly endpoints: Map<string, any>;
  /** Whether the endpoints carry the library's data perimeter (not those of a network the stack adopted). */
  readonly perimeter: boolean;
  readonly identity: (roleId: string) => any[];
}

function endpointsOf(template: any): Map<string, any> {
  const endpoints = new Map<string, any>();
  for (const r of Object.values<any>(template.Resources).filter((x) => x.Type === 'AWS::EC2::VPCEndpoint')) {
    const name = String(concrete(r.Properties.ServiceName, template)).replace(`com.amazonaws.${REGION}.`, '');
    endpoints.set(name, r.Properties.PolicyDocument ? concrete(r.Properties.PolicyDocument, template) : undefined);
  }
  return endpoints;
}

function deployedStacks(): Deployed[] {
  return fs.readdirSync(INTEG).filter((d) => d.endsWith('.snapshot')).flatMap((dir) => {
    const files = fs.readdirSync(path.join(INTEG, dir)).filter((f) => f.endsWith('.template.json') && !/DeployAssert/.test(f));
    const templates = new Map(files.map((f) => [f, JSON.parse(fs.readFileSync(path.join(INTEG, dir, f), 'utf8'))]));
    return files.map((file) => {
      const template = templates.get(file);
      const resources = Object.entries<any>(template.Resources);
      const own = endpointsOf(template);
      // What a stack lacks comes from a sibling stack: the network it adopted, or the hub of shared endpoints it is a spoke of.
      const endpoints = new Map([...[...templates.values()].flatMap((t) => [...endpointsOf(t)]), ...own]);
      const perimeter = [...own.values()].some((policy) => policy !== undefined);
      const managed = (roleId: string) => (template.Resources[roleId]?.Properties?.ManagedPolicyArns ?? [])
        .map((arn: any) => template.Resources[arn?.Ref]).filter((p: any) => p?.Type === 'AWS::IAM::ManagedPolicy');
      const identity = (roleId: string) => [
        ...resources.filter(([, x]) => x.Type === 'AWS::IAM::Policy' && (x.Properties.Roles ?? []).some((ref: any) => ref.Ref === roleId))
          .map(([, x]) => x.Properties.PolicyDocument),
        ...(template.Resources[roleId]?.Properties?.Policies ?? []).map((p: any) => p.PolicyDocument),
        ...managed(roleId).map((p: any) => p.Properties.PolicyDocument),
      ].map((doc) => concrete(doc, template));
      return { name: `${dir.replace('.ts.snapshot', '')}/${file.replace('.template.json', '')}`, template, endpoints, perimeter, identity };
    });
  });
}

const stacks = deployedStacks();

async function through(stack: Deployed, endpoint: string, request: SimulatedRequest, identity: any[], resourcePolicy?: any): Promise<Decision> {
  expect(stack.endpoints.has(endpoint)).toBe(true);
  const policy = stack.endpoints.get(endpoint);
  return decide(request, { identity, endpoints: policy ? [policy] : [], resource: resourcePolicy });
}

// What the owner of a repository in another account grants us (AWS-owned repositories are pullable by all).
const pullableBy = (repo: string) => ({ Statement: [{ Effect: 'Allow', Principal: '*', Action: PULL, Resource: repo }] });

function repositoryOf(image: string): { account: string; arn: string } {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)/.exec(image);
  if (!match) throw new Error(`not a private ECR image: ${image}`);
  return { account: match[1], arn: `arn:aws:ecr:${match[2]}:${match[1]}:repository/${match[3]}` };
}

test('the integ stacks are all here', () => {
  expect(stacks.map((s) => s.name).sort()).toEqual([
    'integ.adopted-vpc/AdoptedVpcApp', 'integ.adopted-vpc/PlatformNetwork', 'integ.application-calls/ApplicationCalls', 'integ.auto-endpoints/AutoEndpoints', 'integ.aws-owned-images/AwsOwnedImages',
    'integ.ec2-capacity/Ec2Capacity', 'integ.isolated-vpc/IsolatedVpcEc2', 'integ.isolated-vpc/IsolatedVpcFargate',
    'integ.private-fargate-service/PrivateFargateServiceReference', 'integ.pull-through-cache/PullThroughCache', 'integ.scheduled-job/ScheduledJob',
    'integ.shared-endpoints/SharedEndpointsHub', 'integ.shared-endpoints/SharedEndpointsSpoke',
  ].sort());
});

describe.each(stacks.map((s) => [s.name, s] as const))('%s', (_, stack) => {
  const taskDefinitions = Object.entries<any>(stack.template.Resources).filter(([, r]) => r.Type === 'AWS::ECS::TaskDefinition');
  const containers = taskDefinitions.flatMap(([id, td]) => td.Properties.ContainerDefinitions.map((c: any) => ({
    task: id,
    fargate: (td.Properties.RequiresCompatibilities ?? []).includes('FARGATE'),
    executionRole: td.Properties.ExecutionRoleArn?.['Fn::GetAtt']?.[0] as string,
    container: concrete(c, stack.template),
  })));

  test(`every container starts: pulls its image, writes its logs, reads its secrets (${containers.length} containers)`, async () => {
    for (const c of containers) await containerStarts(c);
  });

  async function containerStarts(c: typeof containers[number]): Promise<void> {
    const role = `arn:aws:iam::${ME}:role/${c.executionRole}`;
    const identity = stack.identity(c.executionRole);
    const repo = repositoryOf(c.container.Image);
    const foreign = repo.account !== ME ? pullableBy(repo.arn) : undefined;
    for (const action of PULL) {
      expect(await through(stack, 'ecr.dkr', { principal: role, action, resource: repo.arn, resourceAccount: repo.account }, identity, foreign)).toBe('Allowed');
    }
    expect(await through(stack, 'ecr.api', { principal: role, action: 'ecr:GetAuthorizationToken', resource: '*' }, identity)).toBe('Allowed');
    const logGroup = c.container.LogConfiguration?.Options?.['awslogs-group'];
    if (logGroup) {
      for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
        const resource = `arn:aws:logs:${REGION}:${ME}:log-group:${logGroup}:log-stream:task`;
        expect(await through(stack, 'logs', { principal: role, action, resource }, identity)).toBe('Allowed');
      }
    }
    for (const secret of c.container.Secrets ?? []) {
      const ssmParameter = /:ssm:/.test(secret.ValueFrom);
      const action = ssmParameter ? 'ssm:GetParameters' : 'secretsmanager:GetSecretValue';
      expect(await through(stack, ssmParameter ? 'ssm' : 'secretsmanager', { principal: role, action, resource: secret.ValueFrom }, identity)).toBe('Allowed');
    }
  }

  const fargateRoles = [...new Set(containers.filter((c) => c.fargate).map((c) => c.executionRole))];
  test(`the GuardDuty agent sidecar can be pulled by every Fargate task (${fargateRoles.length} execution roles)`, async () => {
    for (const executionRole of fargateRoles) {
      const principal = `arn:aws:iam::${ME}:role/${executionRole}`;
      for (const action of PULL) {
        const request = { principal, action, resource: GUARDDUTY_AGENT, resourceAccount: '593207742271' };
        expect(await through(stack, 'ecr.dkr', request, stack.identity(executionRole), pullableBy(GUARDDUTY_AGENT))).toBe('Allowed');
      }
    }
  });

  // A role that may do anything (compromised, or granted too much) still cannot leave the perimeter.
  const anyRole = `arn:aws:iam::${ME}:role/AnyRole`;
  const foreignWrites: Record<string, [string, string]> = {
    'ecr.dkr': ['ecr:PutImage', `arn:aws:ecr:${REGION}:${THEM}:repository/drop`],
    'ecr.api': ['ecr:PutImage', `arn:aws:ecr:${REGION}:${THEM}:repository/drop`],
    'logs': ['logs:PutLogEvents', `arn:aws:logs:${REGION}:${THEM}:log-group:drop:log-stream:s`],
    'secretsmanager': ['secretsmanager:PutSecretValue', `arn:aws:secretsmanager:${REGION}:${THEM}:secret:drop-AbCdEf`],
    'ssm': ['ssm:PutParameter', `arn:aws:ssm:${REGION}:${THEM}:parameter/drop`],
    'sqs': ['sqs:SendMessage', `arn:aws:sqs:${REGION}:${THEM}:drop`],
    'sns': ['sns:Publish', `arn:aws:sns:${REGION}:${THEM}:drop`],
    'kms': ['kms:Encrypt', `arn:aws:kms:${REGION}:${THEM}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    'sts': ['sts:AssumeRole', `arn:aws:iam::${THEM}:role/drop`],
    's3': ['s3:PutObject', 'arn:aws:s3:::drop-bucket/secrets.txt'],
    'dynamodb': ['dynamodb:PutItem', `arn:aws:dynamodb:${REGION}:${THEM}:table/drop`],
  };
  // The perimeter tests judge the policies the library writes; a network's owner writes its own.
  const present = stack.perimeter ? Object.keys(foreignWrites).filter((e) => stack.endpoints.has(e)) : [];
  const perimeterTest = stack.perimeter ? test : () => undefined;

  if (present.length > 0) {
    test.each(present.map((e) => [e]))('%s: no write to another account', async (endpoint) => {
      const [action, resource] = foreignWrites[endpoint];
      expect(await through(stack, endpoint, { principal: anyRole, action, resource, resourceAccount: THEM }, [ALLOW_ALL], { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: resource }] }))
        .toBe('ImplicitlyDenied');
    });
  }

  perimeterTest('no credentials of another account, even to our resources', async () => {
    const them = `arn:aws:iam::${THEM}:role/Intruder`;
    const ours = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
    expect(await through(stack, 'ecr.dkr', { principal: them, action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:${REGION}:${ME}:repository/app`, resourceAccount: ME }, [ALLOW_ALL], ours))
      .toBe('ImplicitlyDenied');
    expect(await through(stack, 's3', { principal: them, action: 's3:GetObject', resource: 'arn:aws:s3:::our-bucket/data', resourceAccount: ME }, [ALLOW_ALL], ours))
      .toBe('ImplicitlyDenied');
  });

  perimeterTest('the ECR exceptions admit pulls only: no push to an AWS-owned or shared repository', async () => {
    const statements = (stack.endpoints.get('ecr.dkr')?.Statement ?? []).filter((s: any) => /^TrustedPrincipalsPull/.test(s.Sid ?? ''));
    for (const statement of statements) {
      expect([...statement.Action].sort()).toEqual([...PULL].sort());
      for (const resource of [statement.Resource].flat()) {
        const account = resource.split(':')[4];
        const own = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: resource }] };
        expect(await through(stack, 'ecr.dkr', { principal: anyRole, action: 'ecr:PutImage', resource, resourceAccount: account }, [ALLOW_ALL], own)).toBe('ImplicitlyDenied');
      }
    }
  });

  const ec2Capacity = Object.values<any>(stack.template.Resources).some((r) => r.Type === 'AWS::AutoScaling::AutoScalingGroup');
  const customResourceInVpc = Object.values<any>(stack.template.Resources).some((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.VpcConfig)
    && Object.values<any>(stack.template.Resources).some((r) => r.Type === 'AWS::CloudFormation::CustomResource');

  perimeterTest(`S3 carve-outs: Amazon Linux repositories ${ec2Capacity ? 'readable' : 'closed'}, custom-resource responses ${customResourceInVpc ? 'writable' : 'closed'}`, async () => {
    const s3 = (action: string, resource: string) => through(stack, 's3',
      { principal: `arn:aws:iam::${AWS_OWNED}:root`, action, resource, resourceAccount: AWS_OWNED }, [ALLOW_ALL]);
    const repository = `arn:aws:s3:::al2023-repos-${REGION}-de612dc2/core/mirrors/latest/x86_64/repomd.xml`;
    const response = 'arn:aws:s3:::cloudformation-custom-resource-response-useast1/stack/request';
    expect(await s3('s3:GetObject', repository)).toBe(ec2Capacity ? 'Allowed' : 'ImplicitlyDenied');
    expect(await s3('s3:PutObject', repository)).toBe('ImplicitlyDenied');
    expect(await s3('s3:PutObject', response)).toBe(customResourceInVpc ? 'Allowed' : 'ImplicitlyDenied');
    expect(await s3('s3:GetObject', response)).toBe('ImplicitlyDenied');
  });
});
