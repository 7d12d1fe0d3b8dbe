// The README's main job: synthesizes the reference deployment into a cloud assembly and prints
// what it holds. Needs no AWS account; deploying the same app needs one (see README).
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { EndpointCatalog, EndpointPreset } from '../src';
import { ReferenceStack } from './reference-stack';

const outdir = path.join(__dirname, '..', 'cdk.out', 'reference');
const app = new App({ outdir });
const stack = new ReferenceStack(app, 'IsolatedEcsReference');
const started = Date.now();
const assembly = app.synth();
const elapsedMs = Date.now() - started;

const artifact = assembly.getStackByName(stack.stackName);

// The same deployment with endpoints derived from the workload, for comparison.
const autoApp = new App({ outdir: path.join(outdir, '..', 'reference-auto') });
const auto = new ReferenceStack(autoApp, 'IsolatedEcsReferenceAuto', { endpoints: EndpointPreset.AUTO });
autoApp.synth();
const resources: Record<string, { Type: string; Properties: any; DependsOn?: string[] }> = artifact.template.Resources;
const byType = new Map<string, number>();
for (const r of Object.values(resources)) byType.set(r.Type, (byType.get(r.Type) ?? 0) + 1);

const vpc = stack.vpc;
const out: string[] = [
  `Synthesized the reference deployment in ${elapsedMs} ms into ${path.relative(process.cwd(), outdir)}/`,
  '',
  `Stack ${artifact.stackName}: ${Object.keys(resources).length} resources`,
  ...[...byType.entries()].sort().map(([type, n]) => `  ${String(n).padStart(3)}  ${type}`),
  '',
  `VPC ${vpc.node.path}: ${vpc.isolatedSubnets.length} isolated subnets `
    + `(${vpc.isolatedSubnets.map((s) => s.ipv4CidrBlock).join(', ')}), ${vpc.publicSubnets.length} public, `
    + `${byType.get('AWS::EC2::InternetGateway') ?? 0} internet gateways, ${byType.get('AWS::EC2::NatGateway') ?? 0} NAT gateways`,
  `Endpoints: preset ${vpc.endpointPreset.name}, ${vpc.endpointNames.length} interface endpoints in `
    + `${vpc.availabilityZones.length} AZs, plus the S3 gateway`,
  ...vpc.explainEndpoints().filter((e) => e.present).flatMap((e) => [
    `  ${e.endpoint.padEnd(15)} ${EndpointCatalog.purposeOf(e.endpoint)}`,
    ...e.reasons.map((reason) => `  ${''.padEnd(15)}   why: ${reason}`),
  ]),
  `Fixed endpoint cost: $${vpc.estimateMonthlyEndpointCost().toFixed(2)} a month (${vpc.endpointNames.length} endpoints x `
    + `${vpc.availabilityZones.length} AZs x $0.01 an hour x 730 hours, us-east-1 list price; the S3 gateway is free)`,
  `With EndpointPreset.AUTO the VPC would derive ${auto.vpc.endpointNames.length} (${[...auto.vpc.endpointNames].sort().join(', ')}): `
    + `$${auto.vpc.estimateMonthlyEndpointCost().toFixed(2)} a month`,
  '',
];
// Read back from the synthesized template, so the summary shows what would be deployed.
for (const [logicalId, resource] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ECS::Service')) {
  const p = resource.Properties;
  const dependsOn: string[] = resource.DependsOn ?? [];
  const endpointDeps = dependsOn.filter((d) => /Endpoint/.test(d)).length;
  out.push(`Service ${p.ServiceName} (${logicalId}): ${p.DesiredCount} tasks, ${p.LaunchType}, `
    + `public IP ${p.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp}, `
    + `ECS Exec ${p.EnableExecuteCommand ? 'on' : 'off'}, `
    + `circuit breaker ${p.DeploymentConfiguration.DeploymentCircuitBreaker?.Enable ? 'on with rollback' : 'off'}, `
    + `waits for ${endpointDeps} endpoints`);
}
out.push('', `Deploy it with an AWS account: npx aws-cdk@2 deploy --app ${path.relative(process.cwd(), outdir)}`);
console.log(out.join('\n'));
