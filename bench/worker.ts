// One process of the benchmark: builds and synthesizes one app variant `runs` times and prints
// its figures as JSON. Started by bench/main.ts, one process per variant and N.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, cx_api as cxapi } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EndpointPreset, ExistingIsolatedVpc, IsolatedVpc } from '../src';
import { handWrittenApp } from './hand-written-app';
import { libraryApp } from './library-app';
import { adoptedVpcWording } from '../src/adopted/wording';
import { endpointKey } from '../src/endpoints/names';
import { scanPrivateDnsEndpoints } from '../src/endpoints/scan';
import { jobsOf, mayStartJobs } from '../src/jobs/discovery';
import { TaskIndex } from '../src/jobs/task-index';
import { analyzeService, analyzeTask } from '../src/workloads/analysis';
import { ownedVpcWording, workloadMessages } from '../src/workloads/checks';
import { PolicyIndex } from '../src/workloads/policy-index';

const [variant, nText, runsText] = process.argv.slice(2);
const n = Number(nText);
const runs = Number(runsText);

function measure(build: (outdir: string) => App) {
  const ms: number[] = [];
  let figures: ReturnType<typeof templateFigures> | undefined;
  const checks: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
    const started = process.hrtime.bigint();
    const app = build(outdir);
    const assembly = app.synth();
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (i > 0) {
      ms.push(elapsed); // the first run warms up module loading and the JIT
      if (variant.startsWith('library')) checks.push(checksMs(app));
    }
    if (i === runs) figures = templateFigures(assembly);
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  // A median, as for synth: one sample of a few tens of ms varies too much on a shared machine.
  const sorted = [...checks].sort((a, b) => a - b);
  return { ms, ...figures!, checksMs: sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0 };
}

function templateFigures(assembly: cxapi.CloudAssembly) {
  let resources = 0, bytes = 0, endpointRules = 0;
  for (const stack of assembly.stacks) {
    const text = JSON.stringify(stack.template);
    bytes += Buffer.byteLength(text);
    for (const r of Object.values<any>(stack.template.Resources ?? {})) {
      resources++;
      if (r.Type === 'AWS::EC2::SecurityGroupIngress' && JSON.stringify(r.Properties.GroupId).match(/Endpoint/)) endpointRules++;
      if (r.Type === 'AWS::EC2::SecurityGroup' && JSON.stringify(r.Properties.GroupDescription).match(/endpoint/i)) {
        endpointRules += (r.Properties.SecurityGroupIngress ?? []).length;
      }
    }
  }
  return { stacks: assembly.stacks.length, resources, bytes, endpointRules };
}

// What the library's synth-time checks cost by themselves: the analysis of every service and the
// VPC's validation, run again on the synthesized tree.
function checksMs(app: App): number {
  if (variant === 'library-adopted') return adoptedChecksMs(app);
  const vpc = (app.node.findChild('Network') as Stack).node.findChild('Vpc') as IsolatedVpc;
  const started = process.hrtime.bigint();
  const index = new PolicyIndex(app);
  const nodes = app.node.findAll();
  const analyses = nodes.filter((c): c is ecs.FargateService => c instanceof ecs.FargateService).map((s) => analyzeService(s, index));
  let tasks: TaskIndex | undefined;
  for (const node of nodes.filter(mayStartJobs)) {
    for (const job of jobsOf(node, () => tasks ??= new TaskIndex(app))) if ('taskDefinition' in job) analyses.push(analyzeTask(job, index));
  }
  const scan = scanPrivateDnsEndpoints(vpc);
  workloadMessages(ownedVpcWording(vpc.node.path, vpc.endpointPreset.name), analyses, (s) => scan.has(endpointKey(vpc, s.name)), () => false);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

// The same for an adopted VPC: the analysis, its validation, and the network request.
function adoptedChecksMs(app: App): number {
  const vpc = (app.node.findChild('Adopted') as Stack).node.findChild('Vpc') as ExistingIsolatedVpc;
  const started = process.hrtime.bigint();
  const index = new PolicyIndex(app);
  const analyses = app.node.findAll().filter((c): c is ecs.FargateService => c instanceof ecs.FargateService).map((s) => analyzeService(s, index));
  workloadMessages(adoptedVpcWording(vpc.node.path, vpc.vpcId, 'us-east-1', undefined), analyses, (s) => vpc.hasEndpoint(s), () => false);
  vpc.networkRequest();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const builders: Record<string, (outdir: string) => App> = {
  'library-adopted': (outdir) => libraryApp(n, outdir, EndpointPreset.FARGATE, false, false, true).app,
  'library': (outdir) => libraryApp(n, outdir).app,
  'library-grants': (outdir) => libraryApp(n, outdir, EndpointPreset.AUTO, true).app,
  'library-jobs': (outdir) => libraryApp(n, outdir, EndpointPreset.AUTO, false, true).app,
  'hand': (outdir) => handWrittenApp(n, outdir),
};
const figures = measure(builders[variant]);
const result = { variant, n, ...figures };
process.stdout.write(JSON.stringify(result));
