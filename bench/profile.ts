// `npx projen profile`: where a synth of the library app spends its time. Synthesizes the reference
// deployment with N services (default 50) a few times under the V8 CPU profiler and prints the
// functions with the most self time, and the time by origin (the library, aws-cdk-lib, constructs,
// Node.js). Options: --n 50  --runs 5  --variant library|library-grants|library-jobs|library-adopted|hand  --top 25
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as os from 'os';
import * as path from 'path';
import { EndpointPreset } from '../src';
import { handWrittenApp } from './hand-written-app';
import { libraryApp } from './library-app';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const n = Number(option('n', '50'));
const runs = Number(option('runs', '5'));
const variant = option('variant', 'library');
const top = Number(option('top', '25'));
// With --under NAME, the library functions are charged only for samples spent under a function NAME (such as resolve).
const under = option('under', '');

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

function synth(): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-'));
  const auto = variant === 'library-grants' || variant === 'library-jobs';
  const app = variant === 'hand' ? handWrittenApp(n, outdir)
    : libraryApp(n, outdir, auto ? EndpointPreset.AUTO : EndpointPreset.FARGATE, variant === 'library-grants', variant === 'library-jobs', variant === 'library-adopted').app;
  app.synth();
  fs.rmSync(outdir, { recursive: true, force: true });
}

function origin(url: string): string {
  if (!url) return '(native or GC)';
  if (url.includes('/node_modules/aws-cdk-lib/')) return `aws-cdk-lib ${/aws-cdk-lib\/([^/]+)/.exec(url)?.[1] ?? ''}`;
  if (url.includes('/node_modules/constructs/')) return 'constructs';
  if (url.includes('/node_modules/')) return `node_modules ${/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]}`;
  if (url.includes('/src/')) return `library ${url.slice(url.indexOf('/src/') + 1)}`;
  if (url.startsWith('node:')) return 'Node.js';
  return path.relative(process.cwd(), url.replace(/^file:\/\//, ''));
}

function report(profile: Profile): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame;
    const where = origin(frame.url);
    const key = `${frame.functionName || '(anonymous)'}  ${where}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    const group = where.startsWith('library') ? 'library (src/)' : where.startsWith('node_modules') ? 'other node_modules' : where;
    byOrigin.set(group, (byOrigin.get(group) ?? 0) + micros);
  }
  // The time spent under each library function, its calls into aws-cdk-lib included: the library's real cost.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const underLibrary = new Map<string, number>();
  let libraryTotal = 0;
  for (const [id, micros] of self) {
    const seen = new Set<string>();
    let inside = under === '';
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (frame.functionName === under) inside = true;
      if (!inside || !frame.url.includes('/src/')) continue;
      seen.add(`${frame.functionName || '(anonymous)'}  ${origin(frame.url)}:${frame.lineNumber + 1}`);
    }
    if (seen.size > 0) libraryTotal += micros;
    for (const key of seen) underLibrary.set(key, (underLibrary.get(key) ?? 0) + micros);
  }
  const pct = (micros: number) => `${(micros / total * 100).toFixed(1)}%`;
  const rows = (map: Map<string, number>, count: number) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([name, micros]) => `| ${pct(micros)} | ${(micros / 1000 / runs).toFixed(1)} | ${name.replace(/\|/g, '\\|')} |`);
  console.log(`${variant}, N = ${n}: ${runs} profiled synths after one warm-up, ${(total / 1000 / runs).toFixed(0)} ms of samples per synth\n`);
  console.log('| self time | ms per synth | by origin |\n|---:|---:|---|');
  console.log(rows(byOrigin, 15).join('\n'));
  console.log(`\n| self time | ms per synth | top ${top} functions |\n|---:|---:|---|`);
  console.log(rows(byFunction, top).join('\n'));
  console.log(`\nUnder a library function (its calls into aws-cdk-lib included): ${pct(libraryTotal)} of the samples, `
    + `${(libraryTotal / 1000 / runs).toFixed(1)} ms per synth.\n`);
  console.log(`| time under it | ms per synth | top ${top} library functions |\n|---:|---:|---|`);
  console.log(rows(underLibrary, top).join('\n'));
}

synth(); // warms up module loading and the JIT
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable', () => {
  session.post('Profiler.setSamplingInterval', { interval: 100 }, () => {
    session.post('Profiler.start', () => {
      for (let i = 0; i < runs; i++) synth();
      session.post('Profiler.stop', (error, result) => {
        if (error) throw error;
        report(result.profile as unknown as Profile);
        session.disconnect();
      });
    });
  });
});
