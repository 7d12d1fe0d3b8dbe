// Compares the Resources of a consumer app's reference deployment with those of the TypeScript
// reference deployment (cdk.out/reference), as test/python/test_reference.py does for Python:
// asset hashes are masked, and CDK metadata (which lists the constructs used) is left out.
// Usage: node scripts/consumer-compare.js <language> <cloud assembly dir>
const fs = require('fs');
const path = require('path');

const [language, assembly] = process.argv.slice(2);
const STACK = 'IsolatedEcsReference.template.json';
const HASH = /[0-9a-f]{64}/g;

function resources(file) {
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  const kept = Object.fromEntries(Object.entries(template.Resources).filter(([, r]) => r.Type !== 'AWS::CDK::Metadata'));
  return JSON.parse(JSON.stringify(sorted(kept)).replace(HASH, '<asset-hash>'));
}

function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])]));
}

const expected = resources(path.join(__dirname, '..', 'cdk.out', 'reference', STACK));
const actual = resources(path.join(assembly, STACK));
const ids = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
const differing = ids.filter((id) => JSON.stringify(expected[id]) !== JSON.stringify(actual[id]));
if (differing.length > 0) {
  console.error(`${language}: the reference deployment differs from the TypeScript one in ${differing.length} resources:`);
  for (const id of differing) {
    console.error(`  ${id}: ${expected[id] ? '' : 'only in ' + language}${actual[id] ? '' : 'missing in ' + language}`);
    if (expected[id] && actual[id]) {
      console.error(`    TypeScript: ${JSON.stringify(expected[id]).slice(0, 400)}`);
      console.error(`    ${language}: ${JSON.stringify(actual[id]).slice(0, 400)}`);
    }
  }
  process.exit(1);
}
console.log(`${language}: the reference deployment's ${ids.length} resources equal the TypeScript ones`);
