// The only place in core that opens sockets or writes files: a NetworkHost over node's http/https (no
// dependencies) that also stores the Hub answers resolveModel caches on disk.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import type { HttpResponse, NetworkHost } from '../host';

/** A NetworkHost that can also keep a fetched file on disk (resolveModel's cacheDir). */
export interface CachingNetworkHost extends NetworkHost {
  writeCache?(filePath: string, text: string): void;
}

const MAX_BODY = 4 * 1024 * 1024;
const MAX_REDIRECTS = 5;

function getOnce(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<HttpResponse & { location?: string }> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'http:' ? http : https;
    const req = lib.get(url, { headers: { 'user-agent': 'vramlint', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          req.destroy(new Error('response too large'));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), location: res.headers.location }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

export function nodeNetworkHost(): CachingNetworkHost {
  return {
    async get(url: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpResponse> {
      let current = new URL(url);
      let sendHeaders = { ...headers };
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const res = await getOnce(current, sendHeaders, timeoutMs);
        if (res.status >= 300 && res.status < 400 && res.location) {
          const next = new URL(res.location, current);
          // Credentials only go to the host they were meant for.
          if (next.host !== current.host) sendHeaders = Object.fromEntries(Object.entries(sendHeaders).filter(([k]) => k.toLowerCase() !== 'authorization'));
          current = next;
          continue;
        }
        return { status: res.status, body: res.body };
      }
      throw new Error('too many redirects');
    },
    writeCache(filePath: string, text: string): void {
      try {
        fs.mkdirSync(path.dirname(filePath), { recursive: true });
        fs.writeFileSync(filePath, text, 'utf8');
      } catch {
        // A cache that cannot be written only costs a request next time.
      }
    },
  };
}
