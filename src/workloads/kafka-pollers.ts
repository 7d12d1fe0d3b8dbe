import { CfnResource, Stack } from 'aws-cdk-lib';
import { Feature, FEATURES } from './requirements';

/**
 * Where the pollers of a Kafka event source mapping run, and what they need there.
 */
export interface KafkaPollers {
  /** "lambda.EventSourceMapping 'Stack/Fn/KafkaEventSource...'" */
  readonly who: string;
  /** The subnets of the pollers' network interfaces (the cluster's), resolved in the mapping's stack. */
  readonly subnets: unknown[];
  /** The security groups of those interfaces (the cluster's), resolved. */
  readonly securityGroups: unknown[];
  readonly features: Feature[];
}

const AUTH = ['SASL_SCRAM_256_AUTH', 'SASL_SCRAM_512_AUTH', 'BASIC_AUTH', 'CLIENT_CERTIFICATE_TLS_AUTH', 'SERVER_ROOT_CA_CERTIFICATE'];

/**
 * The pollers of an Amazon MSK or self-managed Kafka event source mapping. Lambda puts their network
 * interfaces in the cluster's subnets with the cluster's security groups (the mapping's VPC_SUBNET and
 * VPC_SECURITY_GROUP for a self-managed cluster), and in the default on-demand mode they reach Lambda
 * and STS, and Secrets Manager when they sign in, from there (Lambda developer guide: "Configuring your
 * Amazon MSK cluster and Amazon VPC network for Lambda", "... self-managed Apache Kafka cluster and
 * network"). In provisioned mode they need no endpoint. Undefined for other mappings, provisioned
 * ones, and an MSK cluster outside the app, whose subnets are unknown.
 */
export function kafkaPollersOf(mapping: CfnResource): KafkaPollers | undefined {
  const stack = Stack.of(mapping);
  const props = mapping as CfnResource & {
    provisionedPollerConfig?: unknown; selfManagedEventSource?: unknown; sourceAccessConfigurations?: unknown; eventSourceArn?: string;
  };
  if (props.provisionedPollerConfig !== undefined) return undefined;
  const access: Array<{ type?: string; uri?: unknown }> = stack.resolve(props.sourceAccessConfigurations) ?? [];
  const features = [FEATURES.kafkaPoller, ...(access.some((a) => AUTH.includes(a.type ?? '')) ? [FEATURES.kafkaPollerAuth] : [])];
  const who = `lambda.EventSourceMapping '${mapping.node.scope?.node.path ?? mapping.node.path}'`;
  if (props.selfManagedEventSource !== undefined) {
    const of = (type: string) => access.filter((a) => a.type === type).map((a) => a.uri);
    return { who, subnets: of('VPC_SUBNET'), securityGroups: of('VPC_SECURITY_GROUP'), features };
  }
  const source = props.eventSourceArn !== undefined ? stack.resolve(props.eventSourceArn) : undefined;
  const clusterId = source?.Ref ?? source?.['Fn::GetAtt']?.[0];
  const cluster = typeof clusterId === 'string' ? stack.node.findAll().find((c): c is CfnResource =>
    CfnResource.isCfnResource(c) && stack.resolve(c.logicalId) === clusterId && c.cfnResourceType.startsWith('AWS::MSK::')) : undefined;
  if (!cluster) return undefined;
  const network = cluster.cfnResourceType === 'AWS::MSK::Cluster'
    ? stack.resolve((cluster as any).brokerNodeGroupInfo)
    : stack.resolve((cluster as any).vpcConfigs)?.[0];
  return { who, subnets: network?.clientSubnets ?? network?.subnetIds ?? [], securityGroups: network?.securityGroups ?? [], features };
}
