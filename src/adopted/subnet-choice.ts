import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Subject } from '../base/errors';
import { callStack, missingSubnetsProblem } from '../porting/subnet-requests';

/**
 * The subnets of an existing VPC that tasks may use: its isolated subnets, or a selection of them.
 * A subnet whose default route leads to a transit gateway or Cloud WAN is "private" to aws-cdk-lib
 * (`Vpc.fromLookup`), so it is used only when the user promises that route has no internet egress.
 * Public subnets never are.
 */
export function chooseSubnets(where: Subject, vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined, privateIsIsolated: boolean): ec2.ISubnet[] {
  const publicIds = new Set(vpc.publicSubnets.map((s) => s.subnetId));
  const privateIds = new Set(vpc.privateSubnets.map((s) => s.subnetId));
  let subnets: ec2.ISubnet[];
  if (selection) {
    try {
      subnets = vpc.selectSubnets(selection).subnets;
    } catch (e) {
      throw where.error(`the subnets selection matches nothing in VPC '${vpc.node.path}': ${(e as Error).message} `
        + 'Select the isolated subnets the tasks run in, such as { subnetGroupName: \'Isolated\' }, or leave subnets out to use every isolated subnet.');
    }
  } else {
    subnets = [...vpc.isolatedSubnets, ...(privateIsIsolated ? vpc.privateSubnets : [])];
  }

  const publicOnes = subnets.filter((s) => publicIds.has(s.subnetId));
  if (publicOnes.length > 0) {
    throw where.error(`the subnets selection holds public subnet${publicOnes.length === 1 ? '' : 's'} ${publicOnes.map((s) => s.subnetId).join(', ')}, `
      + 'whose route to an internet gateway isolated tasks must not have. Select isolated subnets only, such as { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }.');
  }
  const privateOnes = subnets.filter((s) => privateIds.has(s.subnetId));
  if (privateOnes.length > 0 && !privateIsIsolated) {
    throw where.error(`subnet${privateOnes.length === 1 ? '' : 's'} ${privateOnes.map((s) => s.subnetId).join(', ')} ${privateOnes.length === 1 ? 'has' : 'have'} `
      + 'a default route (aws-cdk-lib calls such subnets private): to a NAT gateway, or, in a landing zone, to a transit gateway or Cloud WAN. '
      + 'If that route leads to no internet egress, say so: privateSubnetsHaveNoInternetEgress: true. Otherwise select isolated subnets only.');
  }
  if (subnets.length === 0) {
    const found = `${vpc.publicSubnets.length} public, ${vpc.privateSubnets.length} private, ${vpc.isolatedSubnets.length} isolated`;
    throw where.error(`no usable subnets in VPC '${vpc.node.path}' (${found}). Tasks need isolated subnets: `
      + (vpc.privateSubnets.length > 0
        ? 'if the private subnets\' default route leads to no internet egress (a transit gateway to an inspected network), set privateSubnetsHaveNoInternetEgress: true; '
        : '')
      + 'import the VPC with its isolated subnets (isolatedSubnetIds in ec2.Vpc.fromVpcAttributes), or give subnets: { subnets: [...] }.');
  }
  return subnets;
}

/**
 * `selectSubnets` over the subnets an adopted VPC's tasks run in: by type (isolated only), by
 * group name (among those subnets), or as given, then filtered by zone and the selection's filters.
 */
export function selectAdoptedSubnets(
  vpc: ec2.IVpc,
  selection: ec2.SubnetSelection,
): ec2.SelectedSubnets {
  const subject = Subject.of(vpc, 'ExistingIsolatedVpc');
  const problem = missingSubnetsProblem(selection, callStack);
  if (problem) subject.fail(problem);
  const group = selection.subnetGroupName;
  let subnets = selection.subnets ?? (group === undefined ? vpc.isolatedSubnets
    : vpc.isolatedSubnets.filter((s) => s.node.id.replace(/Subnet\d+$/, '') === group));
  if (group !== undefined && subnets.length === 0) {
    subject.fail(`no task subnet is in subnet group '${group}'. Select by type (ec2.SubnetType.PRIVATE_ISOLATED) `
      + 'or leave the selection out to use every task subnet.');
  }
  const filters = [
    ...(selection.availabilityZones ? [ec2.SubnetFilter.availabilityZones(selection.availabilityZones)] : []),
    ...(selection.onePerAz ? [ec2.SubnetFilter.onePerAz()] : []),
    ...(selection.subnetFilters ?? []),
  ];
  for (const filter of filters) subnets = filter.selectSubnets(subnets);
  return {
    subnetIds: subnets.map((s) => s.subnetId),
    availabilityZones: subnets.map((s) => s.availabilityZone),
    internetConnectivityEstablished: vpc.internetConnectivityEstablished,
    subnets,
    hasPublic: false,
  };
}
