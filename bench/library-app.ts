import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EndpointPreset, IsolatedVpc, PrivateFargateService } from '../src';

export const SERVICES_PER_STACK = 40;

/** What `cdk synth` sets without --debug: no stack trace is captured for each construct's metadata. */
export const CLI_CONTEXT = { 'aws:cdk:disable-stack-trace': true };
const IMAGE_DIR = path.join(__dirname, '..', 'reference', 'image');

/**
 * The reference deployment through the library, with `n` services in one VPC: the VPC in its own
 * stack and the services in stacks of at most 40 (about 400 resources, under CloudFormation's 500).
 */
export function libraryApp(n: number, outdir: string, endpoints = EndpointPreset.FARGATE):
{ app: App; vpc: IsolatedVpc; services: PrivateFargateService[] } {
  const app = new App({ outdir, context: CLI_CONTEXT });
  const network = new Stack(app, 'Network');
  const vpc = new IsolatedVpc(network, 'Vpc', { endpoints });
  const image = ecs.ContainerImage.fromAsset(IMAGE_DIR);
  const services: PrivateFargateService[] = [];
  let stack: Stack | undefined;
  for (let i = 0; i < n; i++) {
    if (i % SERVICES_PER_STACK === 0) stack = new Stack(app, `Services${i / SERVICES_PER_STACK + 1}`);
    services.push(new PrivateFargateService(stack!, `Service${i + 1}`, { vpc, image, serviceName: `service-${i + 1}` }));
  }
  return { app, vpc, services };
}
