import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PolicyIndex } from './policy-index';
import { NotCalls } from './role-calls';

// What Lambda's pollers do with a function's role for SQS, Kinesis and DynamoDB Streams sources
// (what aws-cdk-lib's event sources grant). The pollers run outside the function's VPC (Lambda developer
// guide, "Giving Lambda functions access to resources in an Amazon VPC"), so these need no endpoint.
const POLLER_ACTIONS = new Set([
  'sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes',
  'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:SubscribeToShard',
  'kinesis:DescribeStream', 'kinesis:ListStreams', 'kinesis:DescribeStreamConsumer',
  'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams',
].map((a) => a.toLowerCase()));

// Event sources whose poller runs outside the VPC, by the service in the source's ARN.
const POLLED_OUTSIDE = /^arn:[^:]*:(sqs|kinesis|dynamodb):/;
// What the poller of an Amazon MSK or self-managed Kafka source does with the role: it describes the
// cluster and reads the secrets the mapping authenticates with. These are the mapping's calls, made
// from its own network interfaces (see kafka-pollers.ts), not the function's.
const KAFKA_POLLER = /^(kafka|kafka-cluster):|^secretsmanager:(GetSecretValue|DescribeSecret)$/i;

/**
 * The grants of a function's role that only its event source mappings' pollers use: the poller
 * actions on the mappings' SQS queues, Kinesis streams and DynamoDB streams (and
 * `dynamodb:ListStreams` on `*`, which aws-cdk-lib adds with a DynamoDB stream source), and a
 * Kafka mapping's reads of its cluster and secrets. The function's own code may still call those
 * resources with other actions, which stay calls.
 */
export function pollerGrants(fn: lambda.Function, index: PolicyIndex): NotCalls | undefined {
  const reads = index.eventSourcesOf(Stack.of(fn), (fn.node.defaultChild as lambda.CfnFunction).logicalId);
  if (reads.length === 0) return undefined;
  const sources = reads.map((r) => r.source).filter((arn) => arn !== undefined && POLLED_OUTSIDE.test(index.arnText(arn)));
  const polled = new Set(sources.map((arn) => JSON.stringify(arn)));
  const kafka = new Set(reads.flatMap((r) => [...(r.source !== undefined && index.arnText(r.source).includes(':kafka:') ? [r.source] : []), ...r.secrets])
    .map((v) => JSON.stringify(v)));
  const dynamoStreams = sources.some((arn) => index.arnText(arn).includes(':dynamodb:'));
  return (action, resource) => (POLLER_ACTIONS.has(action.toLowerCase())
    && (polled.has(JSON.stringify(resource)) || (resource === '*' && dynamoStreams && action.toLowerCase() === 'dynamodb:liststreams')))
    || (KAFKA_POLLER.test(action) && kafka.has(JSON.stringify(resource)));
}

/**
 * aws-cdk-lib's default statement on the instance role of an ECS cluster's capacity lets the Docker
 * daemon write container logs for the awslogs driver; the instances write none of their own (the ECS
 * developer guide: system logs need the CloudWatch agent). Containers that use awslogs bring the
 * logs endpoint themselves, so these grants alone need none.
 */
export const capacityDefaultLogs: NotCalls = (action, _resource, statement) =>
  /^logs:(CreateLogStream|PutLogEvents)$/i.test(action) && [statement.Action].flat().includes('ecs:DiscoverPollEndpoint');
