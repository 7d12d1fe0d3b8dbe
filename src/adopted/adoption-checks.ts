import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { ExistingIsolatedVpcProps } from './existing-isolated-vpc-props';
import { idProblem } from '../base/aws-ids';
import { Subject } from '../base/errors';
import { groupMembership, subnetMembership } from '../base/membership';

/**
 * Refuses what cannot work in an adopted VPC before anything is made: IDs of the wrong kind, a VPC
 * of another region than the stack, and subnets or an endpoint group of another VPC; warns of the
 * subnets whose VPC synth cannot tell.
 */
export function checkAdoption(subject: Subject, scope: IConstruct, props: ExistingIsolatedVpcProps, subnets: ec2.ISubnet[]): void {
  const vpc = props.vpc;
  const problem = idProblem('vpc: the VPC\'s ID', vpc.vpcId, 'VPC ID') ?? idProblem('vpcOwnerAccountId', props.vpcOwnerAccountId, 'account ID');
  if (problem) subject.fail(problem);
  const stack = Stack.of(scope);
  const region = vpc.env.region;
  if (!Token.isUnresolved(region) && !Token.isUnresolved(stack.region) && region !== stack.region) {
    subject.fail(`the VPC is in ${region}, but this stack deploys to ${stack.region}: a stack's tasks, rules and endpoints can only be in VPCs of its own `
      + `region. Deploy the stack to ${region} (env: { region: '${region}' }), or adopt a VPC of ${stack.region}.`);
  }
  const others = subnets.filter((s) => subnetMembership(scope, vpc, s) === 'other');
  if (others.length > 0) {
    subject.fail(`the subnets selection holds subnet${others.length === 1 ? '' : 's'} ${others.map((s) => `'${s.node.path}'`).join(', ')} of another VPC `
      + `than '${vpc.node.path}', where tasks could not reach the VPC's endpoints and ECS refuses to place them. Select subnets of '${vpc.node.path}' only.`);
  }
  const unknown = props.subnets?.subnets?.filter((s) => subnetMembership(scope, vpc, s) === 'unknown') ?? [];
  if (unknown.length > 0) {
    Annotations.of(scope).addWarningV2('isolated-ecs-constructs:subnet-vpc-unknown',
      `${subject}: subnet${unknown.length === 1 ? '' : 's'} ${unknown.map((s) => `'${s.subnetId}'`).join(', ')} ${unknown.length === 1 ? 'was' : 'were'} imported on `
      + `${unknown.length === 1 ? 'its' : 'their'} own, so synth cannot check that ${unknown.length === 1 ? 'it belongs' : 'they belong'} to '${vpc.node.path}'. `
      + 'Import them with the VPC (isolatedSubnetIds in ec2.Vpc.fromVpcAttributes) to have it checked.');
  }
  const group = props.endpointSecurityGroup;
  if (group && groupMembership(scope, vpc, group) === 'other') {
    subject.fail(`endpointSecurityGroup '${group.node.path}' is a security group of another VPC than '${vpc.node.path}': the VPC's endpoints cannot `
      + 'carry it, so the rules this stack adds to it would let nothing in. Give the group the VPC\'s interface endpoints have.');
  }
}
