import * as os from 'node:os';
import * as path from 'node:path';
import { nodeNetworkHost } from '../core/model/network';
import { nodeEnvironment, nodeFileHost } from '../node/nodeHost';
import { runCli } from './cli';

runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t + '\n'),
  stderr: (t) => process.stderr.write(t + '\n'),
  cwd: process.cwd(),
  host: nodeFileHost(),
  environment: nodeEnvironment(),
  network: nodeNetworkHost(),
  cacheDir: path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'vramlint', 'hub'),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`vramlint: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
