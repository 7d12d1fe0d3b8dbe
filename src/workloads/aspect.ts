import { Aspects, IAspect } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct, IDependable } from 'constructs';
import { analyzeCluster, analyzeService, WorkloadAnalysis } from './analysis';

/**
 * What the aspect needs of an `IsolatedVpc` (an interface, so this module does not import the class).
 */
export interface WorkloadHost extends IConstruct {
  readonly vpcId: string;
  readonly isolatedSubnets: ec2.ISubnet[];
  readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  /** Whether the VPC adds the endpoints its workloads need (EndpointPreset.AUTO). */
  readonly derivesEndpoints: boolean;
  addEndpoint(service: ec2.InterfaceVpcEndpointAwsService): ec2.InterfaceVpcEndpoint;
  endpointDependable(service: ec2.InterfaceVpcEndpointAwsService): IDependable;
  grantEndpointAccess(client: ec2.IConnectable): void;
  allowS3Bucket(bucketName: string, actions: string[]): void;
}

const hosts = new WeakMap<ec2.IVpc, WorkloadHost>();
const analyses = new WeakMap<WorkloadHost, WorkloadAnalysis[]>();
const hostsOfApp = new WeakMap<IConstruct, WorkloadHost[]>();

/**
 * Makes the ECS workloads of `host` known to it at synth: one aspect per app finds every ECS
 * service, cluster and Auto Scaling group in the host VPC, wherever and however it was built.
 */
export function watchWorkloads(host: WorkloadHost & ec2.IVpc): void {
  hosts.set(host, host);
  analyses.set(host, []);
  const root = host.node.root;
  const appHosts = hostsOfApp.get(root);
  if (appHosts) {
    appHosts.push(host);
  } else {
    hostsOfApp.set(root, [host]);
    Aspects.of(root).add(new IsolatedWorkloadAspect());
  }
}

/**
 * The analyses of the workloads found in `host` so far (complete once aspects have run).
 */
export function workloadsOf(host: WorkloadHost): WorkloadAnalysis[] {
  return analyses.get(host) ?? [];
}

class IsolatedWorkloadAspect implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof ecs.BaseService) {
      const host = hosts.get(node.cluster.vpc);
      if (host) this.adopt(host, analyzeService(node), node, node.taskDefinition.networkMode === ecs.NetworkMode.AWS_VPC ? node : undefined);
    } else if (node instanceof ecs.Cluster) {
      const host = hosts.get(node.vpc);
      if (host) {
        this.adopt(host, analyzeCluster(node));
        // ECS Exec session logs to S3 go through the gateway endpoint, whose policy must name the bucket.
        const execBucket = node.executeCommandConfiguration?.logConfiguration?.s3Bucket;
        if (execBucket) host.allowS3Bucket(execBucket.bucketName, ['s3:PutObject', 's3:GetEncryptionConfiguration']);
      }
    } else if (node instanceof autoscaling.AutoScalingGroup) {
      const host = hostOfAutoScalingGroup(node);
      if (host) host.grantEndpointAccess(node);
    }
  }

  private adopt(host: WorkloadHost, analysis: WorkloadAnalysis, dependent?: IConstruct, client?: ec2.IConnectable): void {
    analyses.get(host)!.push(analysis);
    if (client) host.grantEndpointAccess(client);
    const endpoints = new Map<string, ec2.InterfaceVpcEndpointAwsService>();
    for (const use of analysis.uses) for (const e of use.feature.endpoints) endpoints.set(e.shortName, e);
    if (host.derivesEndpoints) {
      for (const e of endpoints.values()) host.addEndpoint(e);
    }
    if (dependent) {
      // Tasks must not start before the endpoints they need exist.
      dependent.node.addDependency(host.s3Endpoint, ...[...endpoints.values()].map((e) => host.endpointDependable(e)));
    }
  }
}

// An Auto Scaling group is in the VPC when it launches into one of the VPC's subnets.
function hostOfAutoScalingGroup(asg: autoscaling.AutoScalingGroup): WorkloadHost | undefined {
  const cfn = asg.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  const subnets = new Set(cfn.vpcZoneIdentifier ?? []);
  return (hostsOfApp.get(asg.node.root) ?? []).find((host) => host.isolatedSubnets.some((s) => subnets.has(s.subnetId)));
}
