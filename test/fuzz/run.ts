import { fuzz } from './fuzzer';

// npm run fuzz [-- COUNT [SEED]]: a longer run than the test suite's fixed-seed one.
const count = Number(process.argv[2] ?? 3000);
const seed = Number(process.argv[3] ?? Date.now() % 100000);
const t = performance.now();
const r = fuzz(seed, count);
console.log(`fuzz: seed ${seed}, ${r.inputs} inputs in ${((performance.now() - t) / 1000).toFixed(1)} s, ${r.failures.length} failures`);
console.log(`slowest input: ${r.slowest.ms.toFixed(1)} ms (${r.slowest.mutator} on ${r.slowest.file})`);
for (const f of r.failures.slice(0, 20)) console.log(`  ${f.mutator} ${f.file}: ${f.error}`);
process.exitCode = r.failures.length ? 1 : 0;
