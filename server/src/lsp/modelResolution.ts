import * as os from 'node:os';
import * as path from 'node:path';
import type { Environment } from '../core/host';
import { nodeNetworkHost } from '../core/model/network';
import { resolveModel } from '../core/model/resolve';
import type { ResolvedModel } from '../core/model/types';
import { nodeFileHost } from '../node/nodeHost';

/**
 * Fetches models from the Hub in the background when the setting allows it, once per reference; a result (even a
 * failure, which falls back to the name) is kept for the session so no keystroke triggers another request.
 */
export class ModelResolutionQueue {
  readonly resolved = new Map<string, ResolvedModel>();
  private readonly started = new Set<string>();
  epoch = 0;

  constructor(
    private readonly environment: Environment,
    private readonly workspaceDirs: () => string[],
    private readonly onResolved: (ref: string) => void,
  ) {}

  request(ref: string, configPath: string): void {
    if (this.started.has(ref)) return;
    this.started.add(ref);
    const cacheDir = path.join(this.environment.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'vramlint', 'hub');
    resolveModel(ref, {
      configDir: path.dirname(configPath),
      workspaceDirs: this.workspaceDirs(),
      host: nodeFileHost(),
      environment: this.environment,
      allowNetwork: true,
      network: nodeNetworkHost(),
      cacheDir,
    }).then(
      (model) => {
        if (model.source === 'hub') {
          this.resolved.set(ref, model);
          this.epoch++;
          this.onResolved(ref);
        }
      },
      () => undefined,
    );
  }
}
