// `npx projen security`: judges every integ test stack (the reference deployment among them) as a
// security team would: cdk-nag AwsSolutions over the construct tree, cfn-lint and checkov over the
// synthesized templates. Fails on any finding not acknowledged in code or accepted in
// security/accepted-findings.json with a reason. Needs cfn-lint and checkov on PATH (scripts/security.sh).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { integApps } from '../integ/integ-app';

interface Accepted { id: string; reason: string; templates?: string[] }
const accepted: { cfnLint: Accepted[]; checkov: Accepted[] } = JSON.parse(fs.readFileSync(path.join(__dirname, 'accepted-findings.json'), 'utf8'));
for (const a of [...accepted.cfnLint, ...accepted.checkov]) {
  if (!a.reason || a.reason.length < 20) throw new Error(`security/accepted-findings.json: ${a.id} needs a reason`);
}

const integDir = path.join(__dirname, '..', 'integ');
for (const file of fs.readdirSync(integDir).filter((f) => /^integ\..*\.ts$/.test(f))) {
  // The integ apps are scripts, loaded for their side effect of building their App.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(integDir, file));
}

// Stacks of the integ-tests-alpha harness (DeployAssert) are test machinery, never deployed by users.
const isTestCase = (stackName: string) => !/DeployAssert/.test(stackName);
const report: string[] = [];
let failures = 0;

// cdk-nag: over the construct tree after synthesis (our aspects complete the tree during synthesis).
const templates: string[] = [];
const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'security-'));
for (const [i, app] of integApps().entries()) {
  const assembly = app.synth({ force: true });
  void assembly;
  for (const stack of app.node.findAll().filter((c): c is Stack => Stack.isStack(c) && isTestCase(c.stackName))) {
    const result = new AwsSolutionsChecks().validateScope(stack);
    const findings = result.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}: ${v.description}`));
    failures += findings.length;
    report.push(`cdk-nag AwsSolutions  ${stack.stackName}: ${findings.length === 0 ? 'clean' : `${findings.length} findings`}`);
    findings.forEach((f) => report.push(`    ${f}`));
    const templateFile = path.join(outRoot, `${i}-${stack.stackName}.template.json`);
    fs.writeFileSync(templateFile, JSON.stringify(app.synth().getStackByName(stack.stackName).template, null, 1));
    templates.push(templateFile);
  }
}

function run(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (e: any) {
    if (e.code === 'ENOENT') throw new Error(`${tool} is not installed: run scripts/security.sh, which installs the pinned versions`);
    return `${e.stdout ?? ''}`;
  }
}

// cfn-lint: errors and warnings (informational messages are not findings).
const cfnLintIgnored = accepted.cfnLint.map((a) => a.id);
for (const template of templates) {
  const out = run('cfn-lint', ['--format', 'parseable', ...(cfnLintIgnored.length ? ['--ignore-checks', ...cfnLintIgnored] : []), '--', template]);
  const findings = out.split('\n').filter((l) => /:[EW]\d{4}:/.test(l));
  failures += findings.length;
  report.push(`cfn-lint              ${path.basename(template)}: ${findings.length === 0 ? 'clean' : `${findings.length} findings`}`);
  findings.forEach((f) => report.push(`    ${f.replace(outRoot + path.sep, '')}`));
}

// checkov: failed checks of the CloudFormation framework.
const skips = accepted.checkov.map((a) => a.id);
for (const template of templates) {
  const out = run('checkov', ['-f', template, '--framework', 'cloudformation', '--output', 'json', '--quiet', '--compact',
    ...(skips.length ? ['--skip-check', skips.join(',')] : [])]);
  const parsed = out.trim() ? JSON.parse(out) : {};
  const failed: any[] = (Array.isArray(parsed) ? parsed : [parsed]).flatMap((r: any) => r?.results?.failed_checks ?? []);
  failures += failed.length;
  report.push(`checkov               ${path.basename(template)}: ${failed.length === 0 ? 'clean' : `${failed.length} failed checks`}`);
  failed.forEach((f) => report.push(`    ${f.check_id} ${f.check_name} at ${f.resource}`));
}

report.push('', `accepted with a reason: ${accepted.cfnLint.length} cfn-lint checks, ${accepted.checkov.length} checkov checks (security/accepted-findings.json)`);
report.push(`security: ${templates.length} stacks, ${failures} unexplained findings`);
console.log(report.join('\n'));
fs.rmSync(outRoot, { recursive: true, force: true });
process.exit(failures > 0 ? 1 : 0);
