// What the tests share: accounts and regions, images, stacks, and the questions they ask of a
// synthesized app. One module, so a fixture is written once and means the same everywhere.
import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as cxschema from 'aws-cdk-lib/cloud-assembly-schema';

/** The endpoint services, as tests name them. */
export const S = ec2.InterfaceVpcEndpointAwsService;

/** The account and region most tests deploy to. */
export const ENV = { account: '111111111111', region: 'us-east-1' };

/** An image in the private ECR of `account` in `region`. */
export function privateImage(account = ENV.account, region = ENV.region, repository = 'app:1'): ecs.ContainerImage {
  return ecs.ContainerImage.fromRegistry(`${account}.dkr.ecr.${region}.amazonaws.com/${repository}`);
}

/** An image in this account's private ECR in us-east-1. */
export const IMAGE = privateImage();

/** A new app with one stack, `App`, in `ENV` unless told otherwise. */
export function newStack(props: StackProps = { env: ENV }, context?: Record<string, unknown>): { app: App; stack: Stack } {
  const app = new App(context ? { context } : undefined);
  return { app, stack: new Stack(app, 'App', props) };
}

/** The message synth fails with, or undefined when it succeeds. */
export function synthError(app: App): string | undefined {
  try {
    app.synth();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** What `build` throws, for tests of construction-time errors. */
export function thrown(build: () => unknown): Error {
  try {
    build();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** The error annotations of `stack`, as text. */
export function errorsOf(stack: Stack): string[] {
  return Annotations.fromStack(stack).findError('*', Match.anyValue()).map((m) => String(m.entry.data));
}

// A landing zone's VPC as the lookups find it: two isolated subnets, the basic endpoints with
// group sg-0lz, the S3 gateway, an endpoint without private DNS and one of another VPC.
export const LANDING_ZONE_VPC = {
  vpcId: 'vpc-0lz',
  vpcCidrBlock: '10.20.0.0/16',
  ownerAccountId: '111111111111',
  availabilityZones: [],
  subnetGroups: [{
    name: 'Workloads',
    type: 'Isolated',
    subnets: [
      { subnetId: 'subnet-a', cidr: '10.20.0.0/20', availabilityZone: 'us-east-1a', routeTableId: 'rtb-a' },
      { subnetId: 'subnet-b', cidr: '10.20.16.0/20', availabilityZone: 'us-east-1b', routeTableId: 'rtb-b' },
    ],
  }],
};
export const LANDING_ZONE_ENDPOINTS: Record<string, Record<string, unknown>> = {
  'vpce-ecrapi': { VpcId: 'vpc-0lz', ServiceName: 'com.amazonaws.us-east-1.ecr.api', VpcEndpointType: 'Interface', PrivateDnsEnabled: true, SecurityGroupIds: ['sg-0lz'] },
  'vpce-ecrdkr': { VpcId: 'vpc-0lz', ServiceName: 'com.amazonaws.us-east-1.ecr.dkr', VpcEndpointType: 'Interface', PrivateDnsEnabled: true, SecurityGroupIds: ['sg-0lz'] },
  'vpce-logs': { VpcId: 'vpc-0lz', ServiceName: 'com.amazonaws.us-east-1.logs', VpcEndpointType: 'Interface', PrivateDnsEnabled: true, SecurityGroupIds: ['sg-0lz'] },
  'vpce-ssmmsg': { VpcId: 'vpc-0lz', ServiceName: 'com.amazonaws.us-east-1.ssmmessages', VpcEndpointType: 'Interface', PrivateDnsEnabled: true, SecurityGroupIds: ['sg-0lz'] },
  'vpce-nodns': { VpcId: 'vpc-0lz', ServiceName: 'com.amazonaws.us-east-1.sqs', VpcEndpointType: 'Interface', PrivateDnsEnabled: false, SecurityGroupIds: ['sg-0other'] },
  'vpce-s3': { VpcId: 'vpc-0lz', ServiceName: 'com.amazonaws.us-east-1.s3', VpcEndpointType: 'Gateway' },
  'vpce-elsewhere': { VpcId: 'vpc-0other', ServiceName: 'com.amazonaws.us-east-1.sqs', VpcEndpointType: 'Interface', PrivateDnsEnabled: true, SecurityGroupIds: ['sg-x'] },
};

// The CLI's Cloud Control provider, as it behaves: it throws on a property a resource lacks.
function cloudControl(props: cxschema.CcApiContextQuery): unknown {
  if (props.propertyMatch) return Object.keys(LANDING_ZONE_ENDPOINTS).map((Identifier) => ({ Identifier }));
  const resource = LANDING_ZONE_ENDPOINTS[props.exactIdentifier!];
  const result: Record<string, unknown> = { Identifier: props.exactIdentifier };
  for (const name of props.propertiesToReturn) {
    if (resource[name] === undefined) throw new Error(`Cannot read field ${name}. ${name} is not found.`);
    result[name] = resource[name];
  }
  return [result];
}

/**
 * Synthesizes as the CLI does, against the landing zone: answers the missing context, synthesizes
 * again, until nothing is missing. Returns the final app, the passes it took, the queries and the context.
 */
export function synthLikeTheCli(builder: (app: App) => void): {
  app: App; passes: number; queries: cxschema.MissingContext[]; context: Record<string, unknown>;
} {
  const context: Record<string, unknown> = {};
  const queries: cxschema.MissingContext[] = [];
  for (let pass = 1; pass <= 6; pass++) {
    const app = new App({ context: { ...context } });
    builder(app);
    const missing = app.synth().manifest.missing ?? [];
    if (missing.length === 0) return { app, passes: pass, queries, context };
    for (const query of missing) {
      queries.push(query);
      const vpc = query.provider === cxschema.ContextProvider.VPC_PROVIDER;
      context[query.key] = vpc ? LANDING_ZONE_VPC : cloudControl(query.props as cxschema.CcApiContextQuery);
    }
  }
  throw new Error('the lookups never settle');
}
