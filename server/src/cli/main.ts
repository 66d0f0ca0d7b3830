import { nodeEnvironment, nodeFileHost } from '../node/nodeHost';
import { runCli } from './cli';

runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t + '\n'),
  stderr: (t) => process.stderr.write(t + '\n'),
  cwd: process.cwd(),
  host: nodeFileHost(),
  environment: nodeEnvironment(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`vramlint: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
