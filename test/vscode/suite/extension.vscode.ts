import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

// Runs inside a real VS Code (extension host) with the extension under development loaded. Waits on diagnostics
// events, never on fixed sleeps.

const WS = process.env.VRAMLINT_TEST_WORKSPACE!;

function diagnosticsFor(uri: vscode.Uri, test: (d: readonly vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const now = vscode.languages.getDiagnostics(uri);
    if (test(now)) return resolve(now);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no matching diagnostics for ${uri.fsPath}: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.message))}`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const d = vscode.languages.getDiagnostics(uri);
      if (test(d)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(d);
      }
    });
  });
}

describe('vramlint in VS Code', () => {
  const train = vscode.Uri.file(path.join(WS, 'train.yaml'));
  const workflow = vscode.Uri.file(path.join(WS, 'ci-workflow.yml'));

  it('activates on a YAML file and reports the memory-fit error from vramlint', async () => {
    const doc = await vscode.workspace.openTextDocument(train);
    await vscode.window.showTextDocument(doc);
    const diags = await diagnosticsFor(train, (d) => d.some((x) => x.source === 'vramlint'));
    const fit = diags.find((d) => d.code === 'memory-fit' || (typeof d.code === 'object' && d.code.value === 'memory-fit'));
    assert.ok(fit, JSON.stringify(diags.map((d) => d.message)));
    assert.equal(fit.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(vscode.extensions.all.some((e) => e.id.endsWith('.vramlint') && e.isActive));
  });

  it('hover on per_device_train_batch_size shows the breakdown', async () => {
    const doc = await vscode.workspace.openTextDocument(train);
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('per_device_train_batch_size'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', train, new vscode.Position(line, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /vramlint: ≈ \d+\.\d GiB per GPU/);
  });

  it('applies the batch-size quick fix and the error goes away', async () => {
    const doc = await vscode.workspace.openTextDocument(train);
    const fit = vscode.languages.getDiagnostics(train).find((d) => d.source === 'vramlint' && d.severity === vscode.DiagnosticSeverity.Error)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', train, fit.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => /^Set per_device_train_batch_size: 1, gradient_accumulation_steps: 32/.test(a.title));
    assert.ok(fix?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /^per_device_train_batch_size: 1$/m);
    assert.match(doc.getText(), /^gradient_accumulation_steps: 32$/m);
    await diagnosticsFor(train, (d) => !d.some((x) => x.source === 'vramlint' && x.severity === vscode.DiagnosticSeverity.Error));
  });

  it('leaves an unrelated YAML file alone', async () => {
    const doc = await vscode.workspace.openTextDocument(workflow);
    await vscode.window.showTextDocument(doc);
    // The train.yaml round trip above proves the server answers; give this file the same chance, then look.
    const probe = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'model_name_or_path: Qwen/Qwen2.5-0.5B\nstage: sft\nlearing_rate: 1\n' });
    await diagnosticsFor(probe.uri, (d) => d.some((x) => x.source === 'vramlint'));
    assert.deepEqual(vscode.languages.getDiagnostics(workflow).filter((d) => d.source === 'vramlint'), []);
  });
});
