// An app shaped like aws-samples' ecs/fargate-service-with-efs (an ALB Fargate service whose container
// is built outside addContainer, on an EFS volume, from Docker Hub), ported as a user would: swap the
// VPC, then follow each message as written.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { EndpointPreset, IsolatedImage, IsolatedVpc } from '../../src';

interface Step {
  readonly privateLoadBalancer?: boolean;
  readonly image?: (scope: Stack) => ecs.ContainerImage;
}

function efsApp(step: Step) {
  const app = new App();
  const stack = new Stack(app, 'FargateEfs');
  const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints: EndpointPreset.AUTO });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const fileSystem = new efs.FileSystem(stack, 'Files', { vpc, encrypted: true });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task', { volumes: [{ name: 'uploads', efsVolumeConfiguration: { fileSystemId: fileSystem.fileSystemId } }] });
  const container = new ecs.ContainerDefinition(stack, 'Web', {
    taskDefinition, image: step.image?.(stack) ?? ecs.ContainerImage.fromRegistry('coderaiser/cloudcmd'), logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'web' }),
  });
  container.addMountPoints({ sourceVolume: 'uploads', containerPath: '/uploads', readOnly: false });
  container.addPortMappings({ containerPort: 8000 });
  const service = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Service', {
    cluster,
    taskDefinition,
    desiredCount: 2,
    ...(step.privateLoadBalancer ? { publicLoadBalancer: false, taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } } : {}),
  });
  fileSystem.connections.allowDefaultPortFrom(service.service.connections);
  return { app, stack };
}

test('first: the public load balancer, with the setting that fixes it', () => {
  expect(() => efsApp({})).toThrow("IsolatedVpc 'FargateEfs/Vpc': an ecs_patterns load-balanced service asked for PUBLIC subnets, which need an "
    + 'internet gateway. An isolated VPC has neither: its subnets are PRIVATE_ISOLATED only, with no route to the internet. Set publicLoadBalancer: false, '
    + 'and taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }.');
});

test('then: the Docker Hub image, in the container built outside addContainer, named by the pattern', () => {
  const { app } = efsApp({ privateLoadBalancer: true });
  expect(() => app.synth()).toThrow("ecs_patterns.ApplicationLoadBalancedFargateService 'FargateEfs/Service', container 'Web': image 'coderaiser/cloudcmd' "
    + 'comes from Docker Hub, which tasks in an isolated VPC can never reach (there is no route to the internet). Serve it from an ECR pull-through cache '
    + "that the deployment fills from outside the VPC: image: IsolatedImage.fromPullThroughCache('coderaiser/cloudcmd:latest', { credentials: "
    + "secretsmanager.Secret.fromSecretNameV2(this, 'RegistryCredentials', 'ecr-pullthroughcache/docker-hub') })");
});

test('with the line of the message pasted, it synthesizes with exactly the endpoints it needs', () => {
  const { app, stack } = efsApp({
    privateLoadBalancer: true,
    image: (scope) => IsolatedImage.fromPullThroughCache('coderaiser/cloudcmd:latest', {
      credentials: secretsmanager.Secret.fromSecretNameV2(scope, 'RegistryCredentials', 'ecr-pullthroughcache/docker-hub'),
    }),
  });
  app.synth();
  const services = Object.values<any>(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }))
    .map((e) => e.Properties.ServiceName['Fn::Join'][1][2]).sort();
  // EFS needs no endpoint: the tasks mount over NFS from the mount targets in the VPC.
  expect(services).toEqual(['.ecr.api', '.ecr.dkr', '.logs']);
});
