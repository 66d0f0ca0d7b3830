import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// createConnection picks the transport from the command line: --stdio for any LSP editor, --node-ipc from VS Code.
startServer(createConnection(ProposedFeatures.all));
