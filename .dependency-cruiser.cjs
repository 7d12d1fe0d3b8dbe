// The dependency rules of src/, checked by `npx projen deps` in the test command.
// src/ is built in floors; a folder may import its own floor and the floors below it, never one above,
// so each concept can be read (and tested) with only what is under it.
const FLOORS = [
  ['base'],
  ['iam'],
  ['endpoints'],
  ['images'],
  ['jobs', 'porting'],
  ['workloads'],
  ['core'],
  ['shared'],
  ['adopted'],
  ['vpc'],
  ['hub', 'service'],
];

const folder = (name) => `^src/${name}/`;
const above = (i) => FLOORS.slice(i + 1).flat();

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle makes the order modules load in matter, and hides which concept rests on which.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'index-only-re-exports',
      severity: 'error',
      comment: 'Nothing in the library imports the package index: it is the public surface, not a module to build on.',
      from: { path: '^src/.+/' },
      to: { path: '^src/index\\.ts$' },
    },
    ...FLOORS.flatMap((floor, i) => floor.map((name) => ({
      name: `floor-${name}`,
      severity: 'error',
      comment: `src/${name}/ may import only its own floor and those below it, not ${above(i).join(', ') || 'anything above'}.`,
      from: { path: folder(name) },
      to: { path: above(i).length ? `^src/(${above(i).join('|')})/` : '^$' },
    }))),
    {
      name: 'every-folder-has-a-floor',
      severity: 'error',
      comment: 'A new folder under src/ must be given its floor in .dependency-cruiser.cjs.',
      from: { path: '^src/', pathNot: `^src/(${FLOORS.flat().join('|')})/|^src/index\\.ts$` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsConfig: { fileName: 'tsconfig.dev.json' },
    tsPreCompilationDeps: true,
  },
};
