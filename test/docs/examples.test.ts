// Every example in the README and in docs/ compiles: TypeScript blocks are type-checked against the
// library's source with the fixtures jsii-rosetta uses for the README (rosetta/), and Python blocks
// are parsed. An example that no longer compiles fails the test command, not a reader.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const PAGES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

interface Example { readonly page: string; readonly line: number; readonly language: string; readonly fixture?: string; readonly code: string }

function examplesOf(page: string): Example[] {
  const lines = fs.readFileSync(path.join(ROOT, page), 'utf8').split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)(?:\s+fixture=(\w+))?\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
    examples.push({ page, line: start + 1, language: open[1], fixture: open[2], code: body.join('\n') });
  }
  return examples;
}

const EXAMPLES = PAGES.flatMap(examplesOf);
const LIBRARY = path.join(ROOT, 'src', 'index');

function source(example: Example): string {
  const code = example.code.replace(/'isolated-ecs-constructs'/g, JSON.stringify(LIBRARY));
  if (example.fixture === 'program') return code;
  // As jsii-rosetta does, imports and declarations go to the top of the fixture, the rest where it says `/// here`.
  const lines = code.split('\n');
  const hoisted = lines.filter((l) => /^(import|declare) /.test(l));
  const body = lines.filter((l) => !/^(import|declare) /.test(l));
  const fixture = fs.readFileSync(path.join(ROOT, 'rosetta', `${example.fixture ?? 'default'}.ts-fixture`), 'utf8');
  return [...hoisted, fixture.replace(/'isolated-ecs-constructs'/g, JSON.stringify(LIBRARY)).replace('/// here', body.join('\n'))].join('\n');
}

test('the pages hold examples in TypeScript and Python', () => {
  expect(EXAMPLES.filter((e) => e.language === 'ts').length).toBeGreaterThanOrEqual(10);
  expect(EXAMPLES.filter((e) => e.language === 'python').length).toBeGreaterThanOrEqual(10);
});

test('every TypeScript example compiles', () => {
  const files = new Map(EXAMPLES.filter((e) => e.language === 'ts')
    .map((e) => [path.join(ROOT, 'cdk.out', 'examples', `${e.page.replace(/\W/g, '_')}_${e.line}.ts`), { example: e, text: source(e) }]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    experimentalDecorators: true,
    types: ['node'],
    // An example may leave a value unused, as rosetta allows.
    noUnusedLocals: false,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (name) => files.get(name)?.text ?? readFile(name);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.has(d.file.fileName))
    .map((d) => {
      const { example } = files.get(d.file!.fileName)!;
      return `${example.page}:${example.line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  expect(problems).toEqual([]);
});

test('every Python example parses', () => {
  const python = EXAMPLES.filter((e) => e.language === 'python');
  const script = 'import ast, json, sys\nfor e in json.load(sys.stdin):\n    try:\n        ast.parse(e["code"])\n'
    + '    except SyntaxError as err:\n        print(f"{e[\'page\']}:{e[\'line\']}: {err}")\n';
  const output = execFileSync('python3', ['-c', script], { input: JSON.stringify(python), encoding: 'utf8' });
  expect(output.trim().split('\n').filter((l) => l.length > 0)).toEqual([]);
});
