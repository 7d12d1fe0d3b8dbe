import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { lookupEndpoints } from './endpoint-lookup';
import { ExistingIsolatedVpc } from './existing-isolated-vpc';
import { ExistingIsolatedVpcOptions } from './existing-isolated-vpc-props';
import { Subject } from '../base/errors';

/**
 * How to find an existing VPC and its endpoints with `IsolatedVpc.lookupExisting()`.
 */
export interface ExistingIsolatedVpcLookupOptions extends ExistingIsolatedVpcOptions {
  /**
   * The ID of the VPC.
   *
   * @default - found by `vpcName` or `tags`
   */
  readonly vpcId?: string;

  /**
   * The Name tag of the VPC.
   *
   * @default - found by `vpcId` or `tags`
   */
  readonly vpcName?: string;

  /**
   * Tags the VPC has.
   *
   * @default - found by `vpcId` or `vpcName`
   */
  readonly tags?: { [key: string]: string };

  /**
   * The tag of the subnets that names their group, as in `ec2.Vpc.fromLookup`.
   *
   * @default 'aws-cdk:subnet-name'
   */
  readonly subnetGroupNameTag?: string;

  /**
   * The account that owns the VPC, when it is shared with this account through RAM.
   *
   * @default - the stack's account
   */
  readonly ownerAccountId?: string;

  /**
   * Look up the VPC's endpoints (service, type, private DNS, security groups) through Cloud
   * Control, cached in `cdk.context.json`. The lookup lists every endpoint of the account and
   * region and reads each one, with the stack's lookup role (the synthesizer's `lookupRoleArn`),
   * which needs `cloudformation:ListResources`, `cloudformation:GetResource` and
   * `ec2:DescribeVpcEndpoints`. In a VPC shared through RAM, a participant does not see the owner's
   * endpoints: give the stack a lookup role in the owning account, or set this to false and declare
   * the endpoints.
   *
   * @default true
   */
  readonly lookupEndpoints?: boolean;

  /**
   * Interface endpoints (private DNS on) the VPC has, besides those the lookup finds.
   *
   * @default - none
   */
  readonly endpoints?: ec2.InterfaceVpcEndpointAwsService[];

  /**
   * Gateway endpoints the VPC has on the task subnets' route tables, besides those the lookup finds.
   *
   * @default - none
   */
  readonly gatewayEndpoints?: ec2.GatewayVpcEndpointAwsService[];
}

/**
 * Looks up a VPC with `ec2.Vpc.fromLookup`, and its endpoints through Cloud Control, and adopts it.
 */
export function lookupExistingVpc(scope: Construct, id: string, options: ExistingIsolatedVpcLookupOptions): ExistingIsolatedVpc {
  const where = Subject.call(scope, `IsolatedVpc.lookupExisting('${id}')`);
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    throw where.error('the stack has no explicit account and region, which a lookup needs. Give the stack env: { account, region }.');
  }
  if (options.vpcId === undefined && options.vpcName === undefined && options.tags === undefined) {
    throw where.error('nothing to find the VPC by. Give vpcId, vpcName or tags.');
  }
  const vpc = ec2.Vpc.fromLookup(scope, `${id}Lookup`, {
    vpcId: options.vpcId,
    vpcName: options.vpcName,
    tags: options.tags,
    ownerAccountId: options.ownerAccountId,
    subnetGroupNameTag: options.subnetGroupNameTag,
  });
  const adopted = new ExistingIsolatedVpc(scope, id, {
    ...options,
    vpc,
    vpcOwnerAccountId: options.vpcOwnerAccountId ?? options.ownerAccountId,
  });
  // The endpoints are looked up once the VPC's ID is real: the dummy's would be cached as a wrong answer's key.
  const vpcPending = (vpc as unknown as { incompleteSubnetDefinition?: boolean }).incompleteSubnetDefinition === true;
  if (options.lookupEndpoints ?? true) {
    adopted._useLookup(vpcPending ? { pending: true, endpoints: [] } : lookupEndpoints(adopted, vpc.vpcId));
  }
  return adopted;
}
