import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EndpointPreset, IsolatedVpc, IsolatedVpcProps } from '../../src';
import { privateImage, S } from '../util';

const IMAGE = privateImage('123456789012', 'us-east-1');

// aws-samples' fargate-service-with-efs builds its container this way, outside taskDefinition.addContainer.
function serviceWithStandaloneContainer(props: IsolatedVpcProps, image = IMAGE) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const vpc = new IsolatedVpc(stack, 'Vpc', props);
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  const container = new ecs.ContainerDefinition(stack, 'Web', { taskDefinition, image, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'web' }) });
  const service = new ecs.FargateService(stack, 'Svc', {
    cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, minHealthyPercent: 100,
  });
  return { app, stack, vpc, taskDefinition, container, service };
}

describe('containers created outside their task definition', () => {
  test('AUTO derives their endpoints', () => {
    const { stack } = serviceWithStandaloneContainer({ endpoints: EndpointPreset.AUTO });
    const template = Template.fromStack(stack);
    template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, 3);
    for (const name of ['ecr.api', 'ecr.dkr', 'logs']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', { ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, `.${name}`]] } });
    }
  });

  test('a fixed preset that lacks their endpoint fails synth', () => {
    const { app } = serviceWithStandaloneContainer({ endpoints: EndpointPreset.custom([S.ECR, S.ECR_DOCKER]) });
    expect(() => app.synth()).toThrow(/ecs\.FargateService 'Stack\/Svc', container 'Web' sends its output to CloudWatch Logs \(awslogs log driver\), which needs the 'logs' interface endpoint/);
  });

  test('a Docker Hub image is refused', () => {
    const { app } = serviceWithStandaloneContainer({ endpoints: EndpointPreset.AUTO }, ecs.ContainerImage.fromRegistry('nginx:1.27'));
    expect(() => app.synth()).toThrow(/ecs\.FargateService 'Stack\/Svc', container 'Web': image 'nginx:1\.27' comes from Docker Hub/);
  });
});

describe('containers that no ContainerDefinition describes', () => {
  test('a container added by a property override fails synth, naming it and the fix', () => {
    const { app, taskDefinition } = serviceWithStandaloneContainer({ endpoints: EndpointPreset.AUTO });
    (taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.1', { Name: 'sidecar', Image: 'busybox' });
    expect(() => app.synth()).toThrow(
      "ecs.FargateService 'Stack/Svc': task definition 'Stack/Task' renders container 'sidecar' that no ecs.ContainerDefinition describes (a property "
      + 'override or a raw CfnTaskDefinition), so the library cannot tell which endpoints it needs, and the tasks may never start. Add it with '
      + 'taskDefinition.addContainer(id, { image, logging, secrets }) instead of the escape hatch.');
  });

  test('an override that changes the image of a known container is reported too', () => {
    const { app, taskDefinition } = serviceWithStandaloneContainer({ endpoints: EndpointPreset.AUTO });
    (taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.Image', 'nginx');
    expect(() => app.synth()).toThrow(/renders container 'Web' that no ecs\.ContainerDefinition describes/);
  });

  test('an override of a harmless field is not', () => {
    const { app, taskDefinition } = serviceWithStandaloneContainer({ endpoints: EndpointPreset.AUTO });
    (taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.StopTimeout', 30);
    expect(() => app.synth()).not.toThrow();
  });
});
