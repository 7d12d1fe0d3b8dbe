import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct, IDependable } from 'constructs';
import { EndpointExplanation } from '../endpoints/explanation';
import { EndpointPolicy } from '../endpoints/policy';
import { JobOptions } from '../jobs/job-options';

/**
 * A VPC whose tasks reach AWS through endpoints only, with the library's checks: an `IsolatedVpc`
 * the app creates, or an existing VPC adopted with `IsolatedVpc.fromExistingVpc()` or
 * `IsolatedVpc.lookupExisting()`. `PrivateFargateService` runs in either, and the checks (the
 * endpoints each workload needs, the data perimeter, the explanations) work the same in both.
 */
export interface IIsolatedVpc extends ec2.IVpc {
  /**
   * The data perimeter of the endpoints the library writes policies for.
   */
  readonly endpointPolicy: EndpointPolicy;

  /**
   * Whether the VPC creates the interface endpoints its workloads need at synth.
   */
  readonly derivesEndpoints: boolean;

  /**
   * Whether the GuardDuty Runtime Monitoring agent sidecar may be pulled through the data perimeter.
   */
  readonly guardDutyRuntimeMonitoring: boolean;

  /**
   * The short names of the interface endpoints the workloads can use (such as `ecr.api`).
   */
  readonly endpointNames: string[];

  /**
   * Whether tasks in this VPC can reach `service` through a private-DNS interface endpoint.
   */
  hasEndpoint(service: ec2.InterfaceVpcEndpointAwsService): boolean;

  /**
   * Something to depend on that stands for the endpoint of `service`, including when it is added later.
   */
  endpointDependable(service: ec2.InterfaceVpcEndpointAwsService): IDependable;

  /**
   * Lets `client` reach the interface endpoints on TCP 443.
   */
  grantEndpointAccess(client: ec2.IConnectable): void;

  /**
   * Lets trusted principals use a bucket outside the trusted accounts through the S3 gateway endpoint.
   *
   * @param bucketName the bucket's name
   * @param actions the S3 actions to allow, such as `s3:GetObject`
   */
  allowS3Bucket(bucketName: string, actions: string[]): void;

  /**
   * Declares calls that a workload's code makes but its role's policies do not show.
   *
   * @param workload the construct whose code makes the calls, named in messages
   * @param actions IAM actions, such as `sqs:SendMessage`
   * @param reason why the policies do not show them, shown by `explainEndpoints()`
   */
  declareCalls(workload: IConstruct, actions: string[], reason: string): void;

  /**
   * Says that the workloads reach a service some other way than through an endpoint of this VPC.
   *
   * @param endpoint the endpoint's short name, such as `sns`
   * @param reason how the workloads reach the service instead
   */
  waiveEndpoint(endpoint: string, reason: string): void;

  /**
   * Declares a job: a task definition that the app's own code starts with `ecs:RunTask`.
   *
   * @param taskDefinition the task definition the code runs
   * @param options how the code runs it
   */
  addJob(taskDefinition: ecs.TaskDefinition, options?: JobOptions): void;

  /**
   * Why each endpoint is there, and why endpoints that the workloads point to are not.
   * Complete once the app is synthesized.
   */
  explainEndpoints(): EndpointExplanation[];

  /**
   * What the network's owner must change for the workloads, as JSON a platform team can apply:
   * endpoints to add, security-group rules, and endpoint-policy statements. Empty lists for a VPC
   * the app owns. Complete once the app is synthesized.
   */
  networkRequest(): string;
}
