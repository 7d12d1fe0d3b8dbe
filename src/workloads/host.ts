import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct, IDependable } from 'constructs';
import { HostDeclarations } from './host-declarations';
import { Subject } from '../base/errors';
import { AwsOwnedBuckets } from '../endpoints/perimeter';
import { ResourceGrant } from '../endpoints/resource-grant';

/**
 * The view workloads and jobs get of an isolated VPC: what they may ask of it. Every kind of VPC
 * serves it through its isolation core, so the aspect imports no VPC class.
 */
export interface WorkloadHost {
  /** How messages name the VPC, such as `IsolatedVpc 'App/Vpc'`. */
  readonly subject: Subject;
  /** The VPC construct, for messages, annotations and the stack. */
  readonly vpc: ec2.IVpc & IConstruct;
  readonly endpointClientSecurityGroup: ec2.ISecurityGroup;
  /** Whether the VPC adds the endpoints its workloads need (EndpointPreset.AUTO, createMissingEndpoints). */
  readonly derivesEndpoints: boolean;
  /** What the user declared that the template does not show. */
  readonly declarations: HostDeclarations;
  /** The GuardDuty agent repositories, when the sidecar is let through. */
  readonly guardDutyAgentRepositories?: string[];
  /** What workloads wait for before they pull images: the S3 gateway. */
  readonly s3Gateway: IDependable;
  /** Makes the VPC reach `service` where this kind of VPC may add it (a local endpoint, unless it has one or a hub serves it). */
  ensureEndpoint(service: ec2.InterfaceVpcEndpointAwsService): void;
  /** The DynamoDB gateway, added or requested; what workloads wait for. */
  useDynamoDbGateway(): IDependable;
  /** Lets `peer` reach the interface endpoints on 443. */
  admitToEndpoints(peer: ec2.IPeer, description: string): void;
  endpointDependable(service: ec2.InterfaceVpcEndpointAwsService): IDependable;
  grantEndpointAccess(client: ec2.IConnectable): void;
  allowS3Bucket(bucketName: string, actions: string[]): void;
  allowImagePull(source: string, repositoryArns: string[]): void;
  /** @returns why grants cannot pass the data perimeter */
  allowResourceGrants(grants: ResourceGrant[]): string[];
  allowAwsOwnedBuckets(buckets: AwsOwnedBuckets): void;
}
