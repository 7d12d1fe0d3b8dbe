// `npx projen bench`: synth cost and scale of the library against hand-written aws-cdk-lib.
// Prints a table and writes bench/RESULTS.md. Options: --ns 1,10,50  --runs 5  --no-write
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EndpointPreset, IsolatedVpc, PrivateFargateService } from '../src';

interface WorkerResult {
  variant: string;
  n: number;
  ms: number[];
  stacks: number;
  resources: number;
  bytes: number;
  endpointRules: number;
  checksMs: number;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const ns = option('ns', '1,10,50').split(',').map(Number);
const runs = Number(option('runs', '5'));
const write = !args.includes('--no-write');
// The library and the hand-written app are measured this many times per N, each time in new processes.
const repeat = Number(option('repeat', '3'));
const noProfile = args.includes('--no-profile');

function worker(variant: string, n: number): WorkerResult {
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register', path.join(__dirname, 'worker.ts'), variant, String(n), String(runs)], {
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '..', 'tsconfig.dev.json'), TS_NODE_TRANSPILE_ONLY: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function endpointCost(endpoints: EndpointPreset, maxAzs: number): { count: number; cost: number } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cost-')) });
  const stack = new Stack(app, 'Cost');
  const vpc = new IsolatedVpc(stack, 'Vpc', { endpoints, maxAzs });
  new PrivateFargateService(stack, 'Service', { vpc, image: ecs.ContainerImage.fromAsset(path.join(__dirname, '..', 'reference', 'image')) });
  app.synth();
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return { count: vpc.endpointNames.length, cost: vpc.estimateMonthlyEndpointCost() };
}

const rows = ns.map((n) => {
  const pairs = Array.from({ length: repeat }, () => ({ library: worker('library', n), hand: worker('hand', n) }));
  const { library, hand } = pairs[pairs.length - 1];
  const lib = median(library.ms);
  const handMs = median(hand.ms);
  const grants = worker('library-grants', n);
  const grantsMs = median(grants.ms);
  const jobs = worker('library-jobs', n);
  const jobsMs = median(jobs.ms);
  const adopted = worker('library-adopted', n);
  const adoptedMs = median(adopted.ms);
  return {
    n,
    pairs,
    library,
    hand,
    lib,
    handMs,
    ratio: lib / handMs,
    checksShare: library.checksMs / lib,
    grants,
    grantsMs,
    grantsShare: grants.checksMs / grantsMs,
    jobs,
    jobsMs,
    jobsShare: jobs.checksMs / jobsMs,
    adopted,
    adoptedMs,
    adoptedShare: adopted.checksMs / adoptedMs,
  };
});

const fmt = (x: number, digits = 0) => x.toFixed(digits);
const spread = (ms: number[]) => `${fmt(median(ms))} (${fmt(Math.min(...ms))}-${fmt(Math.max(...ms))})`;
const table = [
  '| N services | stacks | resources (lib / hand) | template KiB (lib / hand) | endpoint SG rules (lib / hand) | synth ms, median (min-max), lib | hand-written | ratio of medians | ms per service (lib) | checks ms (share of lib synth) |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.n} | ${r.library.stacks} | ${r.library.resources} / ${r.hand.resources} | ${fmt(r.library.bytes / 1024)} / ${fmt(r.hand.bytes / 1024)} | `
    + `${r.library.endpointRules} / ${r.hand.endpointRules} | ${spread(r.library.ms)} | ${spread(r.hand.ms)} | ${fmt(r.ratio, 2)} | ${fmt(r.lib / r.n, 1)} | `
    + `${fmt(r.library.checksMs, 1)} (${fmt(r.checksShare * 100, 1)}%) |`),
];

// Each repeat's ratio of medians, and the same per synthesized resource (the library makes another set of resources than the seed).
const perRun = (p: { library: WorkerResult; hand: WorkerResult }) => median(p.library.ms) / median(p.hand.ms);
const perResource = (p: { library: WorkerResult; hand: WorkerResult }) =>
  (median(p.library.ms) / p.library.resources) / (median(p.hand.ms) / p.hand.resources);
const runsTable = [
  `| N services | ratio of medians, ${repeat} runs | per synthesized resource, ${repeat} runs | per KiB of template, ${repeat} runs | checks share, ${repeat} runs |`,
  '|---:|---|---|---|---|',
  ...rows.map((r) => `| ${r.n} | ${r.pairs.map((p) => fmt(perRun(p), 2)).join(', ')} | ${r.pairs.map((p) => fmt(perResource(p), 2)).join(', ')} | `
    + `${r.pairs.map((p) => fmt((median(p.library.ms) / p.library.bytes) / (median(p.hand.ms) / p.hand.bytes), 2)).join(', ')} | `
    + `${r.pairs.map((p) => `${fmt(p.library.checksMs / median(p.library.ms) * 100, 1)}%`).join(', ')} |`),
];

// Where a 50-service synth spends its time: the CPU profile (bench/profile.ts).
const profileArgs = ['-r', 'ts-node/register', path.join(__dirname, 'profile.ts'), '--n', '50', '--runs', '5', '--top', '15'];
const profile = noProfile ? '' : execFileSync(process.execPath, profileArgs, {
  encoding: 'utf8',
  env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '..', 'tsconfig.dev.json'), TS_NODE_TRANSPILE_ONLY: 'true' },
  maxBuffer: 16 * 1024 * 1024,
});

const grantsTable = [
  '| N services | resources | synth ms, median (min-max) | checks ms incl. reading every role (share of synth) |',
  '|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.n} | ${r.grants.resources} | ${spread(r.grants.ms)} | ${fmt(r.grants.checksMs, 1)} (${fmt(r.grantsShare * 100, 1)}%) |`),
];

const jobsTable = [
  '| N services + N jobs | resources | synth ms, median (min-max) | checks ms incl. finding and reading every job (share of synth) |',
  '|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.n} + ${r.n} | ${r.jobs.resources} | ${spread(r.jobs.ms)} | ${fmt(r.jobs.checksMs, 1)} (${fmt(r.jobsShare * 100, 1)}%) |`),
];

const adoptedTable = [
  '| N services | resources | synth ms, median (min-max) | checks ms incl. the network request (share of synth) |',
  '|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.n} | ${r.adopted.resources} | ${spread(r.adopted.ms)} | ${fmt(r.adopted.checksMs, 1)} (${fmt(r.adoptedShare * 100, 1)}%) |`),
];

const costs = [EndpointPreset.FARGATE, EndpointPreset.EC2, EndpointPreset.AUTO].map((preset) => {
  const [one, two] = [1, 2].map((azs) => endpointCost(preset, azs));
  return `| ${preset.name} | ${two.count} | $${one.cost.toFixed(2)} | $${two.cost.toFixed(2)} |`;
});
const costTable = ['| preset | interface endpoints | 1 AZ, per month | 2 AZs, per month |', '|---|---:|---:|---:|', ...costs];

const largest = rows[rows.length - 1];
const everyRun = rows.flatMap((r) => r.pairs.map(perRun));
const targets = [
  `library/hand-written synth ratio at most 1.05 at every N, in every run: ${everyRun.every((x) => x <= 1.05) ? 'met' : 'MISSED'} `
    + `(${rows.map((r) => `N = ${r.n}: ${r.pairs.map((p) => fmt(perRun(p), 2)).join(', ')}`).join('; ')})`,
  `checks under 4% of synth at N = ${largest.n}: ${largest.checksShare < 0.04 ? 'met' : 'MISSED'} (${fmt(largest.checksShare * 100, 1)}%)`,
  `checks with grants under 5% of synth at N = ${largest.n}: ${largest.grantsShare < 0.05 ? 'met' : 'MISSED'} (${fmt(largest.grantsShare * 100, 1)}%)`,
  `checks with jobs under 5% of synth at N = ${largest.n}: ${largest.jobsShare < 0.05 ? 'met' : 'MISSED'} (${fmt(largest.jobsShare * 100, 1)}%)`,
  `checks in an adopted VPC under 5% of synth at N = ${largest.n}: ${largest.adoptedShare < 0.05 ? 'met' : 'MISSED'} (${fmt(largest.adoptedShare * 100, 1)}%)`,
  `endpoint security group rules constant in N: ${new Set(rows.map((r) => r.library.endpointRules)).size === 1 ? 'met' : 'MISSED'} (${rows.map((r) => r.library.endpointRules).join(', ')})`,
];

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpu}, ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node.js ${process.version}`;
const report = [
  '# Benchmark results',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, with \`npx projen bench\` `
    + `(${runs} timed synths per variant and N after one warm-up, each variant and N in its own process).`,
  '',
  'Synth of the reference deployment with N services in one VPC: through the library (`bench/library-app.ts`) and written with aws-cdk-lib alone '
    + '(`bench/hand-written-app.ts`, the seed architecture with the same per-service settings). Services go in stacks of at most 40 (under 500 resources). '
    + 'Times include building the construct tree and writing the cloud assembly, with the context `cdk synth` sets (no stack trace per construct). '
    + '"checks" is the library\'s synth-time analysis and validation, run again on its own after each timed synth (median). On a shared 2-core machine single synths vary by 10-20%, '
    + 'so compare medians, and the min-max spread with them.',
  '',
  ...table,
  '',
  `The same comparison in each of ${repeat} runs (new processes each time): the ratio of medians, and the ratio per synthesized resource and per KiB `
    + 'of template, since the library writes another template than the seed (endpoint policies of the data perimeter, flow logs, fewer security-group rules):',
  '',
  ...runsTable,
  '',
  'With grants: each service\'s task role may send to an SQS queue and write a DynamoDB table of its own, under `EndpointPreset.AUTO`, '
    + 'so the VPC reads every role\'s policies at synth and derives sqs and the DynamoDB gateway (services in stacks of at most 20):',
  '',
  ...grantsTable,
  '',
  'With jobs: beside each service, a scheduled Fargate job (`ecs_patterns.ScheduledFargateTask`, hourly) under `EndpointPreset.AUTO`, which the VPC '
    + 'finds through its EventBridge rule and analyses like a service (20 services and 20 jobs per stack):',
  '',
  ...jobsTable,
  '',
  'In an adopted VPC: the same services in a platform team\'s plain `ec2.Vpc` with the FARGATE endpoints (a stack written with aws-cdk-lib alone), '
    + 'adopted with `IsolatedVpc.fromExistingVpc`; checks include reading the app for endpoints of the VPC and rendering `networkRequest()`:',
  '',
  ...adoptedTable,
  '',
  'Fixed monthly interface endpoint cost for the reference workload, at $0.01 per endpoint per AZ per hour (us-east-1 list price):',
  '',
  ...costTable,
  '',
  'Targets:',
  '',
  ...targets.map((t) => `- ${t}`),
  '',
  ...(profile ? ['## Where the time goes', '', 'From `npx projen profile` (the V8 CPU profiler, sampling every 0.1 ms; the profiler slows the synth down, so compare shares, not times):', '', profile.trim(), ''] : []),
].join('\n');

console.log(report);
if (write) fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), report);
