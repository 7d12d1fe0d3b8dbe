import * as path from 'path';
import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { EndpointPreset, IsolatedVpc, PrivateFargateService } from '../src';

/**
 * Options for the reference deployment.
 */
export interface ReferenceStackProps extends StackProps {
  /** Interface endpoints of the VPC. @default EndpointPreset.FARGATE (the seed's set) */
  readonly endpoints?: EndpointPreset;
  /** How many services share the VPC and cluster. @default 1 */
  readonly services?: number;
  /** What happens to log groups on stack deletion; tests destroy them. @default RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The seed's deployment in CDK: an isolated VPC with PrivateLink endpoints, an ECS cluster,
 * and a Fargate service running two busybox tasks built from `reference/image`, pushed to
 * private ECR by `cdk deploy`.
 */
export class ReferenceStack extends Stack {
  public readonly vpc: IsolatedVpc;
  public readonly services: PrivateFargateService[] = [];

  constructor(scope: Construct, id: string, props: ReferenceStackProps = {}) {
    super(scope, id, props);
    this.vpc = new IsolatedVpc(this, 'Vpc', { endpoints: props.endpoints ?? EndpointPreset.FARGATE });
    const image = ecs.ContainerImage.fromAsset(path.join(__dirname, 'image'));
    const count = props.services ?? 1;
    for (let i = 0; i < count; i++) {
      this.services.push(new PrivateFargateService(this, count === 1 ? 'Service' : `Service${i + 1}`, {
        vpc: this.vpc,
        image,
        serviceName: count === 1 ? 'sample-service' : `sample-service-${i + 1}`,
        logRemovalPolicy: props.logRemovalPolicy,
      }));
    }
  }
}
