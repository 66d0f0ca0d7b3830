import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

// The client only starts the server and shows what it returns. Which files are fine-tuning configs is decided by the
// server from their content, so every YAML/JSON document is offered and the rest get nothing back.

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
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
      // Referenced DeepSpeed/accelerate configs and model config.json files changing on disk.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{json,yaml,yml}'),
    },
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    // Restart a crashing server a few times, then tell the user instead of looping.
    connectionOptions: { maxRestartCount: 4 },
  };
  client = new LanguageClient('vramlint', 'vramlint', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('vramlint/trustChanged', { trusted: true })),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
