import { Stack, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { containersNotUnderstood, containersOf } from './containers';
import { capacityDefaultLogs, pollerGrants } from './not-calls';
import { PolicyIndex } from './policy-index';
import { Feature, FEATURES } from './requirements';
import { CallUse, callsOfRole } from './role-calls';
import { cdkKindOf } from '../base/cdk-kind';
import { AwsOwnedBuckets } from '../endpoints/perimeter';
import { ResourceGrant } from '../endpoints/resource-grant';
import { accountOfArn } from '../iam/arn-account';
import { cachedUpstreamOf } from '../images/cached-upstreams';
import { ImagePull, imagePullOf } from '../images/pulls';
import { TaskLaunch } from '../jobs/task-launch';

/**
 * A feature that a workload uses, and which part of it uses it.
 */
export interface FeatureUse {
  readonly feature: Feature;
  /** "ecs.FargateService 'Stack/Svc', container 'app'" */
  readonly user: string;
}

/**
 * What a workload needs from the VPC, and what in it can never work there.
 */
export interface WorkloadAnalysis {
  /** What ECS itself needs for the workload's features. */
  readonly uses: FeatureUse[];
  /** What the workload's own code calls, from its runtime role's policies or declared. */
  readonly calls: CallUse[];
  /** Why kms grants on keys that other services use server-side need no endpoint (for the explanations). */
  readonly serverSideKms: string[];
  /** What cannot be read, so the endpoints may be incomplete. */
  readonly warnings: string[];
  readonly problems: string[];
  /** Grants on resources of other accounts (or a wildcard account) that the endpoint policies may have to let through. */
  readonly resourceGrants?: ResourceGrant[];
  /** Images of other accounts that the ECR endpoints must let through. */
  readonly pulls?: ImagePull[];
  /** AWS-owned buckets that the S3 gateway endpoint must let through. */
  readonly buckets?: AwsOwnedBuckets[];
}

const EMPTY = { calls: [], serverSideKms: [], warnings: [] };

const WORKLOAD_NAME = Symbol.for('isolated-ecs-constructs.workloadName');

/** Why ECS Exec and a read-only root filesystem exclude each other, for every message that says so. */
export const EXEC_NEEDS_WRITABLE_ROOT = 'ECS Exec installs and runs the SSM agent inside the container, which needs a writable root filesystem.';

/**
 * Lets a construct that wraps an ECS service be named in messages instead of the service it wraps.
 */
export function nameWorkload(wrapper: IConstruct, name: string): void {
  Object.defineProperty(wrapper, WORKLOAD_NAME, { value: name });
}

/**
 * The kind of construct that wraps `service` (`PrivateFargateService`), if one does.
 */
export function wrapperKind(service: ecs.BaseService): string | undefined {
  const name = (service.node.scope as any)?.[WORKLOAD_NAME];
  return typeof name === 'string' ? name : undefined;
}

/**
 * "PrivateFargateService 'Stack/Service'" for a wrapped service, "ecs.FargateService 'Stack/Svc'" otherwise.
 */
export function describeService(service: ecs.BaseService): string {
  const wrapper = wrapperKind(service);
  if (wrapper) return `${wrapper} '${service.node.scope!.node.path}'`;
  const pattern = cdkKindOf(service.node.scope);
  if (pattern?.startsWith('ecs_patterns.')) return `${pattern} '${service.node.scope!.node.path}'`;
  const kind = service instanceof ecs.FargateService ? 'ecs.FargateService'
    : service instanceof ecs.Ec2Service ? 'ecs.Ec2Service' : 'ECS service';
  return `${kind} '${service.node.path}'`;
}

/**
 * Reads what the tasks of a launch really use, from the construct tree as it is at synth:
 * containers (wherever they were created) and secrets added after construction, Exec, the task
 * role's calls.
 */
export function analyzeTask(launch: TaskLaunch, index: PolicyIndex): WorkloadAnalysis {
  const { who, taskDefinition } = launch;
  const uses: FeatureUse[] = [];
  const problems: string[] = [];
  const pulls: ImagePull[] = [];
  const imageWarnings: string[] = [];
  const secretGrants: ResourceGrant[] = [];
  const use = (feature: Feature, user = who) => uses.push({ feature, user });

  if (launch.exec) for (const feature of execFeatures(launch.execConfig)) use(feature);
  if (launch.assignPublicIp) {
    problems.push(
      `${who}: assignPublicIp is true, but the VPC is isolated: it has no internet gateway, so a public IP reaches nothing, and `
      + 'this VPC exists to have none. Remove assignPublicIp (false is the default); the tasks reach AWS through the VPC endpoints.',
    );
  }

  const containers = containersOf(taskDefinition);
  for (const container of containers) {
    const user = `${who}, container '${container.containerName}'`;
    const pull = imagePullOf(container, container.imageName);
    const upstream = cachedUpstreamOf(container);
    if (pull.problem) problems.push(`${user}: ${pull.problem}`);
    else if (upstream) use(FEATURES.pullThroughCache, `${user} ('${upstream}')`);
    else use(FEATURES.ecrImage, user);
    if (pull.warning) imageWarnings.push(`${user}: ${pull.warning}`);
    if (pull.pull) pulls.push(pull.pull);
    secretGrants.push(...analyzeContainer(container, user, launch, use, problems));
  }
  const hidden = containersNotUnderstood(taskDefinition, containers);
  if (hidden.length > 0) problems.push(hiddenContainersProblem(who, taskDefinition, hidden));
  const taskRole = taskDefinition.taskRole;
  const calls = callsOfRole(index, taskRole, who, `task role '${taskRole.node.path}'`);
  const resourceGrants = [...secretGrants, ...calls.resourceGrants];
  return { uses, problems, pulls, ...calls, resourceGrants, warnings: [...imageWarnings, ...calls.warnings] };
}

function execFeatures(config: ecs.ExecuteCommandConfiguration | undefined): Feature[] {
  return [
    FEATURES.ecsExec,
    ...(config?.kmsKey ? [FEATURES.ecsExecKms] : []),
    ...(config?.logging === ecs.ExecuteCommandLogging.OVERRIDE && config.logConfiguration?.cloudWatchLogGroup ? [FEATURES.ecsExecLogging] : []),
  ];
}

function hiddenContainersProblem(who: string, taskDefinition: ecs.TaskDefinition, hidden: string[]): string {
  return `${who}: task definition '${taskDefinition.node.path}' renders container${hidden.length === 1 ? '' : 's'} ${hidden.map((n) => `'${n}'`).join(', ')} `
    + 'that no ecs.ContainerDefinition describes (a property override or a raw CfnTaskDefinition), so the library cannot tell which endpoints '
    + `${hidden.length === 1 ? 'it needs' : 'they need'}, and the tasks may never start. Add ${hidden.length === 1 ? 'it' : 'them'} with `
    + 'taskDefinition.addContainer(id, { image, logging, secrets }) instead of the escape hatch.';
}

/**
 * Reads what an ECS service really uses: its tasks, Service Connect, EC2 capacity.
 */
export function analyzeService(service: ecs.BaseService, index: PolicyIndex): WorkloadAnalysis {
  const stack = Stack.of(service);
  const cfn = service.node.defaultChild as ecs.CfnService;
  // Read the one field needed; resolving the whole configuration (subnets, groups) costs more than the rest of the analysis.
  const network = cfn.networkConfiguration as ecs.CfnService.NetworkConfigurationProperty | undefined;
  const awsvpc = Token.isUnresolved(network) ? stack.resolve(network)?.awsvpcConfiguration : network?.awsvpcConfiguration;
  const assignPublicIp = stack.resolve((awsvpc as ecs.CfnService.AwsVpcConfigurationProperty | undefined)?.assignPublicIp);
  const analysis = analyzeTask({
    who: describeService(service),
    taskDefinition: service.taskDefinition,
    exec: stack.resolve(cfn.enableExecuteCommand) === true,
    execConfig: service.cluster.executeCommandConfiguration,
    assignPublicIp: assignPublicIp === 'ENABLED',
    fargate: service instanceof ecs.FargateService,
  }, index);
  const uses = [...analysis.uses];
  const serviceConnect = stack.resolve(cfn.serviceConnectConfiguration);
  if (serviceConnect?.enabled) uses.push({ feature: FEATURES.serviceConnect, user: describeService(service) });
  if (service instanceof ecs.Ec2Service) uses.push({ feature: FEATURES.ec2Capacity, user: describeService(service) });
  const buckets = service instanceof ecs.Ec2Service ? [AwsOwnedBuckets.AMAZON_LINUX_REPOSITORIES] : [];
  return { ...analysis, uses, buckets };
}

/**
 * What the code of a Lambda function attached to the VPC calls, from its execution role.
 */
export function analyzeFunction(fn: lambda.Function, index: PolicyIndex): WorkloadAnalysis {
  const who = `lambda.Function '${fn.node.path}'`;
  if (!fn.role) return { uses: [], problems: [], ...EMPTY };
  return { uses: [], problems: [], ...callsOfRole(index, fn.role, who, `execution role '${fn.role.node.path}'`, pollerGrants(fn, index)) };
}

/**
 * What the software on the instances of an Auto Scaling group calls, from its instance role.
 */
export function analyzeAutoScalingGroup(asg: autoscaling.AutoScalingGroup, index: PolicyIndex): WorkloadAnalysis {
  const who = `autoscaling.AutoScalingGroup '${asg.node.path}'`;
  const calls = callsOfRole(index, asg.role, who, `instance role '${asg.role.node.path}'`, capacityDefaultLogs);
  return { uses: [], problems: [], buckets: [AwsOwnedBuckets.AMAZON_LINUX_REPOSITORIES], ...calls };
}

function analyzeContainer(
  container: ecs.ContainerDefinition,
  who: string,
  context: TaskLaunch,
  use: (feature: Feature, user: string) => void,
  problems: string[],
): ResourceGrant[] {
  const stack = Stack.of(container);
  const rendered = container.renderContainerDefinition();
  readLogging(container, rendered, who, context.fargate, use, problems);
  const grants = readSecrets(stack, rendered, who, use);
  if (context.exec && stack.resolve(rendered.readonlyRootFilesystem) === true) {
    problems.push(
      `${who}: readonlyRootFilesystem is true while the service has ECS Exec enabled. ${EXEC_NEEDS_WRITABLE_ROOT} `
        + 'Exec would answer TargetNotConnectedException. Turn off one of the two.',
    );
  }
  return grants;
}

// The X-Ray daemon, the log driver and FireLens destinations: each reaches its endpoint.
function readLogging(
  container: ecs.ContainerDefinition,
  rendered: ecs.CfnTaskDefinition.ContainerDefinitionProperty,
  who: string,
  fargate: boolean,
  use: (feature: Feature, user: string) => void,
  problems: string[],
): void {
  if (/xray/i.test(container.imageName)) use(FEATURES.xrayDaemon, who);

  const logDriver = container.logDriverConfig;
  if (logDriver?.logDriver === 'awslogs') use(FEATURES.awslogs, who);
  if (logDriver?.logDriver === 'awsfirelens') {
    const destination = String(logDriver.options?.Name ?? '').toLowerCase();
    if (['cloudwatch', 'cloudwatch_logs'].includes(destination)) use(FEATURES.firelensCloudWatch, who);
    if (['firehose', 'kinesis_firehose'].includes(destination)) use(FEATURES.firelensFirehose, who);
    if (['kinesis', 'kinesis_streams'].includes(destination)) use(FEATURES.firelensKinesis, who);
  }
  const firelens = Stack.of(container).resolve(rendered.firelensConfiguration);
  if (fargate && firelens?.options?.['config-file-type'] === 's3') {
    problems.push(
      `${who}: the FireLens configuration file comes from S3 (config-file-type 's3'), which Fargate does not support. `
      + 'Bake the file into the log router image and use config-file-type \'file\'.',
    );
  }
}

// ECS reads secrets with the execution role before the container starts, through the VPC's endpoints.
function readSecrets(
  stack: Stack,
  rendered: ecs.CfnTaskDefinition.ContainerDefinitionProperty,
  who: string,
  use: (feature: Feature, user: string) => void,
): ResourceGrant[] {
  const grants: ResourceGrant[] = [];
  const grantee = `the execution role of ${who}`;
  const secretRead = (resource: unknown, parameter: boolean) => {
    const account = accountOfArn(resource);
    if (account) {
      grants.push(parameter
        ? { endpoint: 'ssm', actions: ['ssm:GetParameters'], resource, account, grantee }
        : { endpoint: 'secretsmanager', actions: ['secretsmanager:GetSecretValue'], resource, account, grantee });
    }
  };
  for (const secret of stack.resolve(rendered.secrets) ?? []) {
    const parameter = /:ssm:|:parameter\/|^"[^:]*"$/.test(JSON.stringify(secret.valueFrom));
    use(parameter ? FEATURES.ssmParameter : FEATURES.secretsManagerSecret, who);
    secretRead(secret.valueFrom, parameter);
  }
  if (rendered.repositoryCredentials) {
    use(FEATURES.secretsManagerSecret, who);
    secretRead(stack.resolve(rendered.repositoryCredentials).credentialsParameter, false);
  }
  return grants;
}

/**
 * What a cluster's EC2 capacity needs; Fargate-only clusters need nothing of their own.
 */
export function analyzeCluster(cluster: ecs.Cluster): WorkloadAnalysis {
  if (!cluster.hasEc2Capacity) return { uses: [], problems: [], ...EMPTY };
  const uses = [{ feature: FEATURES.ec2Capacity, user: `ecs.Cluster '${cluster.node.path}' (EC2 capacity)` }];
  return { uses, problems: [], buckets: [AwsOwnedBuckets.AMAZON_LINUX_REPOSITORIES], ...EMPTY };
}
