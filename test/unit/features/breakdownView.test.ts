import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../../server/src/core/analyze';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { breakdownData } from '../../../server/src/features/breakdownView';
import { breakdownHtmlBody, CHART_CSS, lineChartSvg, stackedBarSvg } from '../../../server/src/features/chartSvg';
import { nodeFileHost } from '../../../server/src/node/nodeHost';

const EXAMPLE = path.resolve(__dirname, '../../../../examples/qwen2.5-3b-lora-sft.yaml');

function analyze(text: string) {
  return analyzeDocument({ path: EXAMPLE, text, settings: DEFAULT_SETTINGS, host: nodeFileHost(), environment: { env: {}, homeDir: '/nonexistent' }, workspaceDirs: [path.dirname(EXAMPLE)] });
}

describe('breakdown view data and charts (pure functions)', () => {
  const text = fs.readFileSync(EXAMPLE, 'utf8');
  const analysis = analyze(text);
  const data = breakdownData(analysis, (t) => analyze(t))!;

  it('plots memory against batch size and cutoff_len, rising with each and passing the current estimate', () => {
    assert.ok(data);
    assert.equal(data.batch.current, 8);
    assert.equal(data.cutoff.current, 4096);
    assert.deepEqual(data.batch.points.map((p) => p.x), [1, 2, 4, 8, 16, 32]);
    const bytes = data.batch.points.map((p) => p.bytes!);
    for (let i = 1; i < bytes.length; i++) assert.ok(bytes[i] > bytes[i - 1], `memory grows with the batch: ${bytes}`);
    assert.equal(data.batch.points.find((p) => p.x === 8)!.bytes, analysis.estimate!.perGpuBytes);
    assert.equal(data.cutoff.points.find((p) => p.x === 4096)!.bytes, analysis.estimate!.perGpuBytes);
    // RTX 4090: 24564 MiB as nvidia-smi reports it.
    assert.equal(data.capacityBytes, 24564 * 1024 ** 2);
  });

  it('draws one bar segment per component and the capacity line, with theme colours only', () => {
    const svg = stackedBarSvg(data);
    const nonzero = data.estimate.components.filter((c) => c.bytes > 0).length;
    assert.equal((svg.match(/<rect [^>]*class="c\d"/g) ?? []).length, nonzero * 2 /* bar + legend swatch */);
    // Colours come from classes (CHART_CSS, theme variables): the CSP drops inline style attributes.
    assert.doesNotMatch(svg, /style=/);
    assert.match(CHART_CSS, /^\.c0 \{ fill: var\(--vscode-charts-blue\); \}$/m);
    assert.match(svg, /class="cap"/);
    // No fixed colours and no external resources (the webview's CSP allows neither).
    assert.doesNotMatch(svg, /#[0-9a-f]{6}|\b(src|href)=|url\(/i);
  });

  it('marks points above the capacity', () => {
    const svg = lineChartSvg('t', data.batch.points, 8, data.capacityBytes);
    const over = data.batch.points.filter((p) => p.bytes! > data.capacityBytes!).length;
    assert.equal((svg.match(/class="over"/g) ?? []).length, over);
  });

  it('escapes text from the config in the HTML', () => {
    const html = breakdownHtmlBody({ ...data, path: '/tmp/<script>.yaml' });
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('&#60;script&#62;'));
  });
});
