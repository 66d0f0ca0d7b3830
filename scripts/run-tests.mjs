// Runs the compiled mocha suites (out/test/**) and ends with the one line CI reads:
// `tests: N passed, N failed`. Extra args are passed as file filters (substring match).
import Mocha from 'mocha';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const grep = process.env.MOCHA_GREP;
const mocha = new Mocha({ reporter: 'spec', timeout: 20000, grep });
const files = walk('out/test').filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
for (const f of files) mocha.addFile(f);

const runner = mocha.run();
runner.on('end', () => {
  const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
  console.log(`\ntests: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
});
