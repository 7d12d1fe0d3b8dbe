// Prints jest's totals from its JUnit report as one line: "tests: N passed, N failed".
const fs = require('fs');

const file = process.argv[2];
if (!fs.existsSync(file)) {
  console.error(`no test report at ${file}: jest did not run`);
  process.exit(1);
}
const xml = fs.readFileSync(file, 'utf8');
const suites = /<testsuites[^>]*\btests="(\d+)"[^>]*\bfailures="(\d+)"[^>]*\berrors="(\d+)"/.exec(xml);
if (!suites) {
  console.error(`cannot read the totals in ${file}`);
  process.exit(1);
}
const [tests, failures, errors] = suites.slice(1).map(Number);
const skipped = (xml.match(/<skipped\s*\/>/g) ?? []).length;
const failed = failures + errors;
console.log(`tests: ${tests - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || tests === 0 ? 1 : 0);
