// Checks a packaged VSIX: under 1 MB and holding only the allow-listed files (.vscodeignore).
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'vramlint.vsix';
const buf = readFileSync(file);
const LIMIT = 1024 * 1024;

// Read the zip's central directory (end record → entries) to list the files.
let eocd = -1;
for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
if (eocd < 0) throw new Error(`${file}: not a zip file`);
const count = buf.readUInt16LE(eocd + 10);
let p = buf.readUInt32LE(eocd + 16);
const names = [];
for (let i = 0; i < count; i++) {
  const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
  names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
  p += 46 + nameLen + extraLen + commentLen;
}
const allowed = [
  /^\[Content_Types\]\.xml$/, /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|package\.nls(\.[\w-]+)?\.json|README\.md|LICENSE(\.txt)?|CHANGELOG\.md|icon\.png)$/i,
  /^extension\/dist\/(extension|server|cli)\.js$/, /^extension\/(syntaxes|snippets|schemas|walkthrough|l10n)\/[\w./-]+$/,
];
const unexpected = names.filter((n) => !allowed.some((re) => re.test(n)));
console.log(`${file}: ${(buf.length / 1024).toFixed(0)} KiB, ${names.length} entries`);
for (const n of names) console.log(`  ${n}`);
let failed = false;
if (buf.length > LIMIT) { console.error(`${file} is ${buf.length} bytes, over the 1 MiB limit`); failed = true; }
if (unexpected.length) { console.error(`unexpected files in the VSIX: ${unexpected.join(', ')}`); failed = true; }
for (const must of ['extension/dist/extension.js', 'extension/dist/server.js', 'extension/package.json']) if (!names.includes(must)) { console.error(`missing ${must}`); failed = true; }
process.exitCode = failed ? 1 : 0;
