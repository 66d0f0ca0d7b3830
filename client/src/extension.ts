import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { BreakdownPanel } from './breakdownPanel';
import { RestartPolicy } from './restartPolicy';

// The client only starts the server and shows what it returns. Which files are fine-tuning configs is decided by the
// server from their content, so every YAML/JSON document is offered and the rest get nothing back.

let client: LanguageClient | undefined;

const RESTART = 'vramlint.restartServer';

function crashGuard(p: RestartPolicy, lc: () => LanguageClient): ErrorHandler {
  return {
    // A few broken messages are logged and skipped (as the library's default handler does); a stream of them means
    // the connection is unusable: shut it down, and closed() below decides about the restart.
    error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
    closed: () => {
      const decision = p.crashed(Date.now());
      if (decision.restart) return { action: CloseAction.Restart, handled: true };
      offerRestart(vscode.l10n.t('The vramlint server crashed {0} times in the last {1} minutes and was not restarted.', decision.crashes, Math.round(p.windowMs / 60_000)), lc());
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
}

/** Tells the user the server is down, with a way to start it again and to read why. */
function offerRestart(message: string, lc: LanguageClient): void {
  const restart = vscode.l10n.t('Restart vramlint');
  const log = vscode.l10n.t('Show Log');
  void vscode.window
    .showErrorMessage(message, restart, log)
    .then((choice) => (choice === restart ? vscode.commands.executeCommand(RESTART) : choice === log ? lc.outputChannel.show() : undefined));
}

/** Starts (or restarts) the server; a server that dies before its handshake never reaches closed(), so say it here. */
async function startServer(lc: LanguageClient): Promise<boolean> {
  try {
    await (lc.isRunning() ? lc.restart() : lc.start());
    return true;
  } catch {
    // The library's reason ("Pending response rejected…") says nothing to a user; the log has the server's own words.
    offerRestart(vscode.l10n.t('The vramlint server could not start. Its log says why.'), lc);
    return false;
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const policy = new RestartPolicy();
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'untitled', language: 'json' },
    ],
    synchronize: {
      configurationSection: 'vramlint',
      // Referenced DeepSpeed/accelerate configs, dataset_info.json and model config.json files changing on disk.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{json,yaml,yml}'),
    },
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    // Restart a crashing server a few times, then tell the user instead of looping.
    errorHandler: crashGuard(policy, () => lc),
    // A failed handshake is reported once, by startServer() or the crash guard, not again by the library.
    initializationFailedHandler: () => false,
  };
  const lc = new LanguageClient('vramlint', 'vramlint', serverOptions, clientOptions);
  client = lc;

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = 'vramlint';
  status.command = 'vramlint.showBreakdown';
  const panel = new BreakdownPanel(lc);

  const updateStatus = async (): Promise<void> => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !['yaml', 'json', 'jsonc'].includes(doc.languageId)) return void status.hide();
    const summary = await lc.sendRequest<{ text: string | null; trusted: boolean } | null>('vramlint/summary', { uri: doc.uri.toString() }).catch(() => null);
    if (!summary) return void status.hide();
    const text = summary.text ? summary.text.split(' · ').slice(0, 2).join(' · ') : vscode.l10n.t('no estimate');
    status.text = `$(pulse) ${text}${summary.trusted ? '' : ` $(shield) ${vscode.l10n.t('restricted')}`}`;
    status.tooltip = summary.trusted ? summary.text ?? undefined : vscode.l10n.t('Restricted Mode: no network, no files outside the workspace.');
    status.show();
  };

  let statusTimer: NodeJS.Timeout | undefined;
  const scheduleStatus = (): void => {
    if (statusTimer) clearTimeout(statusTimer);
    statusTimer = setTimeout(() => void updateStatus(), 250);
  };

  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('vramlint.showBreakdown', (uri?: string) => panel.show(typeof uri === 'string' ? uri : undefined)),
    vscode.commands.registerCommand(RESTART, async () => {
      policy.reset();
      if (await startServer(lc)) scheduleStatus();
    }),
    vscode.commands.registerCommand('vramlint.openExample', async () => {
      const content = await lc.sendRequest<string>('vramlint/exampleConfig', {});
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'yaml', content }));
    }),
    vscode.commands.registerCommand('vramlint.setTargetGpu', async () => {
      const names = await lc.sendRequest<string[]>('vramlint/gpus', {});
      const pick = await vscode.window.showQuickPick(names, { placeHolder: vscode.l10n.t('Target GPU for the memory-fit check') });
      if (!pick) return;
      const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration('vramlint').update('gpu', pick, target);
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      panel.onActiveEditor(e);
      scheduleStatus();
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      panel.onDocumentChanged(e.document);
      if (e.document === vscode.window.activeTextEditor?.document) scheduleStatus();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void lc.sendNotification('vramlint/trustChanged', { trusted: true })),
  );
  if (await startServer(lc)) scheduleStatus();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
