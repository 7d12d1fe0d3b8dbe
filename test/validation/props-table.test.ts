import * as fs from 'fs';
import * as path from 'path';
import { PROPS_TABLE } from './props-table';

const ROOT = path.join(__dirname, '..', '..');
const PAGE = path.join(ROOT, 'docs', 'what-is-checked.md');

// Every property of every struct of the public API, from the jsii assembly the packages are built from.
function structProperties(): string[] {
  const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf8'));
  return Object.values<any>(assembly.types)
    .filter((t) => t.datatype)
    .flatMap((t) => (t.properties ?? []).map((p: { name: string }) => `${t.name}.${p.name}`))
    .sort();
}

/** The docs page the table renders into. */
export function renderWhatIsChecked(): string {
  const rows = Object.entries(PROPS_TABLE).sort(([a], [b]) => a.localeCompare(b)).map(([prop, entry]) => {
    const checked = entry.wrong?.map((w) => `\`${w.value.replace(/\|/g, '\\|')}\`: ${w.message.source.replace(/\\/g, '').replace(/\|/g, '\\|')}`).join('<br>');
    return `| \`${prop}\` | ${checked ?? `any value is valid: ${entry.anyValue}`} |`;
  });
  return ['# What is checked', '',
    '<!-- Generated from test/validation/props-table.ts by `npx projen test` (test/validation/props-table.test.ts writes it when it is stale, and fails). -->', '',
    'Every property of every public props and options struct, with the wrong values the library refuses and the words of its message (each',
    'row is run by the test command), or why any value is valid. The fixes are in each message, and in [Troubleshooting](troubleshooting.md).', '',
    '| property | wrong value: what the message says |', '|---|---|', ...rows, ''].join('\n');
}

test('every property of every public struct has an entry in the props table', () => {
  const missing = structProperties().filter((p) => !(p in PROPS_TABLE));
  expect(missing).toEqual([]);
  const stale = Object.keys(PROPS_TABLE).filter((p) => !structProperties().includes(p));
  expect(stale).toEqual([]);
});

test('every entry says what is wrong, or why nothing is', () => {
  for (const [prop, entry] of Object.entries(PROPS_TABLE)) {
    expect([prop, (entry.wrong?.length ?? 0) > 0 || (entry.anyValue ?? '').length > 10]).toEqual([prop, true]);
  }
});

describe.each(Object.entries(PROPS_TABLE).flatMap(([prop, entry]) => (entry.wrong ?? []).map((w) => ({ prop, ...w }))))('$prop = $value', (wrong) => {
  test('is refused with the library\'s message', () => {
    let message: string | undefined;
    try {
      wrong.build();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(wrong.message);
  });
});

test('docs/what-is-checked.md is the table as it stands', () => {
  const page = renderWhatIsChecked();
  if (!fs.existsSync(PAGE) || fs.readFileSync(PAGE, 'utf8') !== page) {
    if (process.env.CI !== 'true') fs.writeFileSync(PAGE, page);
    throw new Error('docs/what-is-checked.md was stale; it has been rewritten (outside CI): commit it');
  }
});
