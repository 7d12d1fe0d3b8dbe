// Sums the JUnit reports of jest and pytest into the one closing line CI reads:
// "tests: N passed, N failed, N skipped". Exits non-zero if a test failed or none ran.
const fs = require('fs');

let tests = 0, failed = 0, skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    console.error(`no test report at ${file}: its tests did not run`);
    process.exit(1);
  }
  const xml = fs.readFileSync(file, 'utf8');
  for (const [suite] of xml.matchAll(/<testsuite\s[^>]*>/g)) {
    const attr = (name) => Number((new RegExp(`\\b${name}="(\\d+)"`).exec(suite) ?? [])[1] ?? 0);
    tests += attr('tests');
    failed += attr('failures') + attr('errors');
    skipped += attr('skipped');
  }
}
console.log(`tests: ${tests - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || tests === 0 ? 1 : 0);
