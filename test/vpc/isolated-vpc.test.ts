import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EndpointPreset, IsolatedVpc, IsolatedVpcProps } from '../../src';
import { S } from '../util';


function newStack(): Stack {
  return new Stack(new App(), 'Stack');
}

function serviceNameOf(shortName: string) {
  return { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, `.${shortName}`]] };
}

function interfaceEndpointNames(template: Template): string[] {
  return Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }))
    .map((r: any) => r.Properties.ServiceName['Fn::Join'][1][2].slice(1))
    .sort();
}

describe('IsolatedVpc network', () => {
  const stack = newStack();
  const vpc = new IsolatedVpc(stack, 'Vpc');
  const template = Template.fromStack(stack);

  test('is an ec2.Vpc and an IsolatedVpc', () => {
    expect(vpc).toBeInstanceOf(ec2.Vpc);
    expect(IsolatedVpc.isIsolatedVpc(vpc)).toBe(true);
    expect(IsolatedVpc.isIsolatedVpc(new ec2.Vpc(newStack(), 'Plain'))).toBe(false);
    expect(IsolatedVpc.isIsolatedVpc(undefined)).toBe(false);
  });

  test('has the seed CIDR with DNS support and hostnames', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.hasResourceProperties('AWS::EC2::VPC', {
      CidrBlock: '10.0.0.0/16',
      EnableDnsSupport: true,
      EnableDnsHostnames: true,
    });
  });

  test('has two isolated /18 subnets in the upper half, as the seed, and never maps public IPs', () => {
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.0.128.0/18', MapPublicIpOnLaunch: false });
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.0.192.0/18', MapPublicIpOnLaunch: false });
    expect(vpc.isolatedSubnets).toHaveLength(2);
    expect(vpc.publicSubnets).toHaveLength(0);
    expect(vpc.privateSubnets).toHaveLength(0);
  });

  test('has no internet gateway, NAT gateway, EIP or route to the internet', () => {
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::VPCGatewayAttachment', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::EIP', 0);
    template.resourceCountIs('AWS::EC2::EgressOnlyInternetGateway', 0);
    template.resourceCountIs('AWS::EC2::Route', 0);
  });

  test('has the S3 gateway endpoint on every route table', () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: serviceNameOf('s3'),
      RouteTableIds: [
        { Ref: Match.stringLikeRegexp('IsolatedSubnet1RouteTable') },
        { Ref: Match.stringLikeRegexp('IsolatedSubnet2RouteTable') },
      ],
    });
    template.resourceCountIs('AWS::EC2::RouteTable', 2);
  });

  test('closes the default security group', () => {
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('creates the FARGATE preset by default: the seed six, private DNS, every subnet, shared group', () => {
    expect(interfaceEndpointNames(template)).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages']);
    const endpoints = template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } });
    for (const r of Object.values(endpoints) as any[]) {
      expect(r.Properties.PrivateDnsEnabled).toBe(true);
      expect(r.Properties.SubnetIds).toHaveLength(2);
      expect(r.Properties.SecurityGroupIds).toHaveLength(1);
      expect(r.Properties.SecurityGroupIds[0]['Fn::GetAtt'][0]).toMatch(/^VpcEndpointSecurityGroup/);
    }
    expect(vpc.endpointPreset).toBe(EndpointPreset.FARGATE);
    expect(vpc.endpointNames).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages']);
  });

  test('endpoint security group takes TCP 443 from the client group only, never a CIDR', () => {
    const ingress = template.findResources('AWS::EC2::SecurityGroupIngress');
    expect(Object.keys(ingress)).toHaveLength(1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcEndpointSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcEndpointClientSecurityGroup'), 'GroupId'] },
    });
    for (const sg of Object.values(template.findResources('AWS::EC2::SecurityGroup')) as any[]) {
      expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    }
  });

  test('client group may only send HTTPS to the endpoints', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcEndpointClientSecurityGroup'), 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcEndpointSecurityGroup'), 'GroupId'] },
    });
  });
});

describe('IsolatedVpc presets', () => {
  test('EC2 adds ecs, ecs-agent and ecs-telemetry to FARGATE', () => {
    const stack = newStack();
    new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.EC2 });
    expect(interfaceEndpointNames(Template.fromStack(stack))).toEqual(
      ['ecr.api', 'ecr.dkr', 'ecs', 'ecs-agent', 'ecs-telemetry', 'logs', 'secretsmanager', 'ssm', 'ssmmessages']);
  });

  test('NONE creates no interface endpoint but keeps the S3 gateway', () => {
    const stack = newStack();
    new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.NONE });
    const template = Template.fromStack(stack);
    expect(interfaceEndpointNames(template)).toEqual([]);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
  });

  test('custom creates exactly the given endpoints', () => {
    const stack = newStack();
    new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.custom([S.ECR, S.ECR_DOCKER, S.SQS]) });
    expect(interfaceEndpointNames(Template.fromStack(stack))).toEqual(['ecr.api', 'ecr.dkr', 'sqs']);
  });

  test('custom lists that repeat a service create it once', () => {
    const stack = newStack();
    new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.custom([S.SQS, S.SQS]) });
    expect(interfaceEndpointNames(Template.fromStack(stack))).toEqual(['sqs']);
  });
});

describe('IsolatedVpc.addEndpoint', () => {
  test('adds any AWS service with private DNS behind the shared group', () => {
    const stack = newStack();
    const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.NONE });
    const endpoint = vpc.addEndpoint(S.SQS);
    expect(endpoint.node.id).toBe('SqsEndpoint');
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: serviceNameOf('sqs'),
      PrivateDnsEnabled: true,
      VpcEndpointType: 'Interface',
      SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcEndpointSecurityGroup'), 'GroupId'] }],
    });
  });

  test('is idempotent: a service that is there returns the existing endpoint', () => {
    const stack = newStack();
    const vpc = new IsolatedVpc(stack, 'Vpc');
    const existing = vpc.findEndpoint(S.ECR)!;
    expect(existing).toBeDefined();
    expect(vpc.addEndpoint(S.ECR)).toBe(existing);
    expect(vpc.addEndpoint(new ec2.InterfaceVpcEndpointAwsService('ecr.api'))).toBe(existing);
    const sqs = vpc.addEndpoint(S.SQS);
    expect(vpc.addEndpoint(S.SQS)).toBe(sqs);
    expect(interfaceEndpointNames(Template.fromStack(stack))).toHaveLength(7);
  });

  test('findEndpoint and hasEndpoint tell whether a service is covered', () => {
    const vpc = new IsolatedVpc(newStack(), 'Vpc');
    expect(vpc.hasEndpoint(S.SSM_MESSAGES)).toBe(true);
    expect(vpc.hasEndpoint(S.KMS)).toBe(false);
    expect(vpc.findEndpoint(S.KMS)).toBeUndefined();
    vpc.addEndpoint(S.KMS);
    expect(vpc.hasEndpoint(S.KMS)).toBe(true);
  });

  test('lets users add a policy statement to a catalog endpoint', () => {
    const stack = newStack();
    const vpc = new IsolatedVpc(stack, 'Vpc');
    vpc.addEndpoint(S.SQS);
    vpc.findEndpoint(S.SQS)!.addToPolicy(new iam.PolicyStatement({
      actions: ['sqs:SendMessage'],
      resources: ['*'],
      principals: [new iam.AnyPrincipal()],
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: serviceNameOf('sqs'),
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sqs:SendMessage' })]) },
    });
  });
});

describe('IsolatedVpc refuses a second private-DNS endpoint for a service', () => {
  test('through the inherited addInterfaceEndpoint', () => {
    const vpc = new IsolatedVpc(newStack(), 'Vpc');
    expect(() => vpc.addInterfaceEndpoint('MyEcr', { service: S.ECR })).toThrow(
      /IsolatedVpc 'Stack\/Vpc': addInterfaceEndpoint\('MyEcr'\) would create a second private-DNS endpoint for 'ecr.api', which 'Stack\/Vpc\/EcrApiEndpoint' already provides.*Use vpc.addEndpoint\(service\) or vpc.findEndpoint\(service\)/);
  });

  test('allows a second endpoint without private DNS', () => {
    const stack = newStack();
    const vpc = new IsolatedVpc(stack, 'Vpc');
    vpc.addInterfaceEndpoint('EcrNoDns', { service: S.ECR, privateDnsEnabled: false });
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { ServiceName: serviceNameOf('ecr.api') }, 2);
  });

  test('registers endpoints added with addInterfaceEndpoint, so addEndpoint returns them', () => {
    const vpc = new IsolatedVpc(newStack(), 'Vpc', { endpoints: EndpointPreset.NONE });
    const mine = vpc.addInterfaceEndpoint('MySqs', { service: S.SQS });
    expect(vpc.addEndpoint(S.SQS)).toBe(mine);
  });

  test('created directly with new InterfaceVpcEndpoint: synth fails and names both', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new IsolatedVpc(stack, 'Vpc');
    new ec2.InterfaceVpcEndpoint(stack, 'Rogue', { vpc, service: S.SSM });
    expect(() => app.synth()).toThrow(
      /IsolatedVpc 'Stack\/Vpc': 2 interface endpoints with private DNS for service 'ssm': 'Stack\/Vpc\/SsmEndpoint', 'Stack\/Rogue'\. A VPC can have only one/);
  });

  test('in another stack that uses the VPC', () => {
    const app = new App();
    const stack = new Stack(app, 'Network');
    const vpc = new IsolatedVpc(stack, 'Vpc');
    new ec2.InterfaceVpcEndpoint(new Stack(app, 'Other'), 'Rogue', { vpc, service: S.ECR_DOCKER });
    expect(() => app.synth()).toThrow(/for service 'ecr.dkr': 'Network\/Vpc\/EcrDkrEndpoint', 'Other\/Rogue'/);
  });
});

describe('IsolatedVpc.grantEndpointAccess', () => {
  function fargateService(stack: Stack, cluster: ecs.ICluster, name: string): ecs.FargateService {
    const taskDefinition = new ecs.FargateTaskDefinition(stack, `${name}Task`);
    taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1') });
    return new ecs.FargateService(stack, name, { cluster, taskDefinition, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
  }

  test('the endpoint group keeps one ingress rule for 1 or 100 services', () => {
    const counts = [1, 100].map((n) => {
      const stack = newStack();
      // Without GuardDuty, which gives each of the 100 bare task definitions an execution role: under the 500-resource limit.
      const vpc = new IsolatedVpc(stack, 'Vpc', { guardDutyRuntimeMonitoring: false });
      const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
      for (let i = 0; i < n; i++) vpc.grantEndpointAccess(fargateService(stack, cluster, `Svc${i}`));
      const template = Template.fromStack(stack);
      return Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter((r: any) =>
        r.Properties.GroupId['Fn::GetAtt'][0].startsWith('VpcEndpointSecurityGroup')).length;
    });
    expect(counts).toEqual([1, 1]);
  });

  test('puts the client group on an ECS service without adding it to its connections', () => {
    const stack = newStack();
    const vpc = new IsolatedVpc(stack, 'Vpc');
    const service = fargateService(stack, new ecs.Cluster(stack, 'Cluster', { vpc }), 'Svc');
    vpc.grantEndpointAccess(service);
    vpc.grantEndpointAccess(service);
    expect(service.connections.securityGroups).not.toContain(vpc.endpointClientSecurityGroup);
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          SecurityGroups: [
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^SvcSecurityGroup'), 'GroupId'] },
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcEndpointClientSecurityGroup'), 'GroupId'] },
          ],
        },
      },
    });
  });

  test('opening a service to a peer does not open the shared client group', () => {
    const stack = newStack();
    const vpc = new IsolatedVpc(stack, 'Vpc');
    const service = fargateService(stack, new ecs.Cluster(stack, 'Cluster', { vpc }), 'Svc');
    vpc.grantEndpointAccess(service);
    service.connections.allowFrom(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(8080));
    const client = Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('^Endpoint clients') },
    });
    expect((Object.values(client)[0] as any).Properties.SecurityGroupIngress).toBeUndefined();
  });

  test('adds the client group to an Auto Scaling group', () => {
    const stack = newStack();
    const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.EC2 });
    const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    });
    vpc.grantEndpointAccess(asg);
    const template = Template.fromStack(stack);
    const text = JSON.stringify(template.findResources('AWS::EC2::LaunchTemplate')) + JSON.stringify(template.findResources('AWS::AutoScaling::LaunchConfiguration'));
    expect(text).toMatch(/VpcEndpointClientSecurityGroup/);
  });

  test('other connectables get a rule from their own group', () => {
    const stack = newStack();
    const vpc = new IsolatedVpc(stack, 'Vpc');
    const fn = new lambda.Function(stack, 'Fn', {
      vpc,
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    vpc.grantEndpointAccess(fn);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 443,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcEndpointSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FnSecurityGroup'), 'GroupId'] },
    });
  });

  test('refuses an ECS service whose tasks do not have their own network interface', () => {
    const stack = newStack();
    const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.EC2 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const taskDefinition = new ecs.Ec2TaskDefinition(stack, 'Task', { networkMode: ecs.NetworkMode.BRIDGE });
    taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1'), memoryLimitMiB: 256 });
    cluster.addCapacity('Capacity', { instanceType: new ec2.InstanceType('t3.micro'), vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    const service = new ecs.Ec2Service(stack, 'Svc', { cluster, taskDefinition });
    expect(() => vpc.grantEndpointAccess(service)).toThrow(
      /IsolatedVpc 'Stack\/Vpc': cannot grant endpoint access to service 'Stack\/Svc', whose tasks use network mode 'bridge'.*vpc.grantEndpointAccess\(autoScalingGroup\)/);
  });
});

describe('IsolatedVpc sizing', () => {
  test('maxAzs 3 with reserveSubnets false fits three /18 subnets', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    new IsolatedVpc(stack, 'Vpc', { maxAzs: 3, reserveSubnets: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::Subnet', 3);
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.0.0.0/18' });
  });

  test('custom cidr and mask', () => {
    const stack = newStack();
    new IsolatedVpc(stack, 'Vpc', { cidr: '172.16.0.0/20', subnetCidrMask: 24 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '172.16.0.0/20' });
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '172.16.2.0/24' });
  });

  test('one AZ is allowed with a warning', () => {
    const stack = newStack();
    new IsolatedVpc(stack, 'Vpc', { maxAzs: 1 });
    Template.fromStack(stack).resourceCountIs('AWS::EC2::Subnet', 1);
    Annotations.fromStack(stack).hasWarning('/Stack/Vpc', Match.stringLikeRegexp('uses one Availability Zone: .*not highly available.*maxAzs: 2'));
  });

  test('two AZs give no warning', () => {
    const stack = newStack();
    new IsolatedVpc(stack, 'Vpc');
    Annotations.fromStack(stack).hasNoWarning('/Stack/Vpc', Match.anyValue());
  });

  test.each([
    [{ maxAzs: 0 }, /IsolatedVpc 'Stack\/Vpc': maxAzs 0 is not a whole number of at least 1\. Use 2/],
    [{ maxAzs: 1.5 }, /maxAzs 1.5 is not a whole number/],
    [{ subnetCidrMask: 29 }, /IsolatedVpc 'Stack\/Vpc': subnetCidrMask 29 is outside what a subnet can have\. Use a prefix length from 16 to 28/],
    [{ cidr: '10.0.0.0/8' }, /IsolatedVpc 'Stack\/Vpc': cidr '10.0.0.0\/8' is not an IPv4 CIDR block that a VPC can have\. Use a block from \/16 to \/28/],
    [{ cidr: '10.0.300.0/16' }, /cidr '10.0.300.0\/16' is not an IPv4 CIDR block/],
    [{ cidr: 'ten' }, /cidr 'ten' is not an IPv4 CIDR block/],
    [{ cidr: '10.0.0.0/20', subnetCidrMask: 18 }, /subnetCidrMask 18 makes subnets larger than the VPC's cidr '10.0.0.0\/20'\. Use a subnetCidrMask of at least 20/],
    [{ availabilityZones: ['a', 'b', 'c'] }, /3 AZs with \/18 subnets and a reserved block of the same size per AZ need 6 blocks of \/18, but cidr '10.0.0.0\/16' holds 4\. Use a larger subnetCidrMask \(such as 19\), fewer AZs, or reserveSubnets: false/],
  ])('rejects %j', (props, message) => {
    expect(() => new IsolatedVpc(newStack(), 'Vpc', props)).toThrow(message);
  });
});

describe('props that contradict each other are refused', () => {
  const build = (props: IsolatedVpcProps) => () => new IsolatedVpc(new Stack(new App(), 'App', { env: { account: '111111111111', region: 'us-east-1' } }), 'Vpc', props);

  test('maxAzs against availabilityZones', () => {
    expect(build({ maxAzs: 3, availabilityZones: ['us-east-1a', 'us-east-1b'] })).toThrow("IsolatedVpc 'App/Vpc': maxAzs 3 and availabilityZones "
      + '(2 zones: us-east-1a, us-east-1b) contradict each other: with availabilityZones the VPC uses exactly those zones. Leave maxAzs out, or list 3 zones.');
    expect(build({ maxAzs: 2, availabilityZones: ['us-east-1a', 'us-east-1b'] })).not.toThrow();
  });

  test('flow log settings with flowLogs off, or group settings with a bucket', () => {
    expect(build({ flowLogs: false, flowLogRetention: logs.RetentionDays.ONE_WEEK })).toThrow(
      "IsolatedVpc 'App/Vpc': flowLogs is false, so flowLogRetention would do nothing. Remove it, or leave flowLogs on.");
    const stack = new Stack(new App(), 'Logs');
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'flow-logs');
    expect(() => new IsolatedVpc(stack, 'Vpc', { flowLogBucket: bucket, flowLogRetention: logs.RetentionDays.ONE_WEEK })).toThrow(
      "IsolatedVpc 'Logs/Vpc': flowLogBucket sends the flow logs to S3, so flowLogRetention, which configures the CloudWatch log group, would do nothing. "
      + 'Set retention and encryption on the bucket, or leave flowLogBucket out.');
  });

  test('associateSharedEndpointsProfile without a hub', () => {
    expect(build({ associateSharedEndpointsProfile: false })).toThrow("IsolatedVpc 'App/Vpc': associateSharedEndpointsProfile is given without sharedEndpoints, "
      + 'so there is no hub Profile to associate and it would do nothing. Give the hub: sharedEndpoints: hub.reference, or leave associateSharedEndpointsProfile out.');
  });
});
