// VS Code desktop integration suite (@vscode/test-electron): runs the mocha suites in test/vscode/suite inside a real
// VS Code's extension host. Uses VSCODE_TEST_PATH (a VS Code executable) when set, else tries the official download;
// when neither is possible it says that it was skipped and why, and exits 0.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const ws = mkdtempSync(join(tmpdir(), 'vramlint-vscode-'));
mkdirSync(join(ws, '.vscode'), { recursive: true });
writeFileSync(join(ws, 'train.yaml'), readFileSync(join(ROOT, 'examples/qwen2.5-3b-lora-sft.yaml'), 'utf8'));
writeFileSync(join(ws, 'ci-workflow.yml'), 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n');

let vscodeExecutablePath = process.env.VSCODE_TEST_PATH;
if (!vscodeExecutablePath) {
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: 'stable', timeout: 20_000 });
  } catch (e) {
    console.log(`vscode: skipped — no VS Code executable: VSCODE_TEST_PATH is not set and the download failed (${String(e?.message ?? e).split('\n')[0]})`);
    process.exit(0);
  }
}
try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out/test/vscode/suite/index.js'),
    extensionTestsEnv: { VRAMLINT_TEST_WORKSPACE: ws },
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (e) {
  console.error(`vscode: integration tests failed: ${String(e?.message ?? e)}`);
  process.exit(1);
}
