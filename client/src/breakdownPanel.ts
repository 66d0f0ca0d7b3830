import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

// The breakdown view shows HTML the server renders from its estimate; this file only hosts it in a webview with a
// strict Content-Security-Policy (no scripts, no external resources) and follows the active editor.

export class BreakdownPanel {
  private panel: vscode.WebviewPanel | undefined;
  private uri: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly client: LanguageClient) {}

  async show(uri: string | undefined): Promise<void> {
    this.uri = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('vramlint.breakdown', 'Memory Breakdown', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.reveal(undefined, true);
    await this.refresh();
  }

  onActiveEditor(editor: vscode.TextEditor | undefined): void {
    if (!this.panel || !editor) return;
    this.uri = editor.document.uri.toString();
    void this.refresh();
  }

  onDocumentChanged(doc: vscode.TextDocument): void {
    if (!this.panel || doc.uri.toString() !== this.uri) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 300);
  }

  private async refresh(): Promise<void> {
    if (!this.panel) return;
    const result = this.uri ? await this.client.sendRequest<{ html: string; css: string } | null>('vramlint/breakdown', { uri: this.uri }) : null;
    const nonce = crypto.randomBytes(16).toString('base64');
    const body = result?.html ?? `<p>${vscode.l10n.t('Open a LLaMA-Factory or GLM fine-tuning config to see its memory breakdown.')}</p>`;
    this.panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<style nonce="${nonce}">
body { color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
small, .path { color: var(--vscode-descriptionForeground); }
svg text { fill: var(--vscode-foreground); font-size: 11px; }
.plots { display: flex; gap: 16px; flex-wrap: wrap; margin-top: 12px; }
.line { fill: none; stroke: var(--vscode-charts-blue); stroke-width: 2; }
.cap { stroke: var(--vscode-charts-red); stroke-dasharray: 4 3; stroke-width: 1.5; }
.cap-label { fill: var(--vscode-charts-red); }
.band { fill: var(--vscode-descriptionForeground); opacity: 0.6; }
circle.ok { fill: var(--vscode-charts-green); } circle.over { fill: var(--vscode-charts-red); }
${result?.css ?? ''}
.tick { font-size: 10px; } .title { font-weight: 600; }
</style></head><body>${body}</body></html>`;
  }
}
