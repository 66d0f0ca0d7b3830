import * as path from 'node:path';
import { readdirSync } from 'node:fs';
import Mocha from 'mocha';

// Entry point @vscode/test-electron loads inside the extension host: runs every *.vscode.js suite beside this file.
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  for (const f of readdirSync(__dirname)) if (f.endsWith('.vscode.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      console.log(`vscode: ${mocha.suite.total() - failures} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} VS Code integration tests failed`));
      else resolve();
    });
  });
}
