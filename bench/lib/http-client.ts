// Plain node:http with keep-alive agents: the bench controls exactly how many
// connections are open, and bodies are streamed and counted, never buffered.
import http from 'node:http';
import type { Readable } from 'node:stream';

export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

export type Timed = { status: number; bytes: number; ms: number; firstByteMs: number; headers: http.IncomingHttpHeaders; body?: string };

type RequestOptions = {
  method?: string;
  headers?: Record<string, string | number>;
  agent?: http.Agent;
  /** Streamed as the request body. */
  body?: Readable;
  /** Keep the response body as text (small responses only). */
  keepBody?: boolean;
  timeoutMs?: number;
};

/** One request; resolves when the whole response body has arrived. */
export function request(url: string, options: RequestOptions = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstByteMs = Number.NaN;
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: options.agent }, (res) => {
      firstByteMs = performance.now() - started;
      let bytes = 0;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (options.keepBody) chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          bytes,
          ms: performance.now() - started,
          firstByteMs,
          headers: res.headers,
          body: options.keepBody ? Buffer.concat(chunks).toString('utf8') : undefined,
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 120_000, () => req.destroy(new Error(`timeout: ${options.method ?? 'GET'} ${url}`)));
    req.on('error', reject);
    if (options.body) {
      options.body.on('error', (err) => req.destroy(err));
      options.body.pipe(req);
    } else {
      req.end();
    }
  });
}

/** `name=value` pairs from Set-Cookie headers, merged into a Cookie header value. */
export function mergeCookies(existing: string, setCookie: string[] | undefined): string {
  const jar = new Map<string, string>();
  for (const pair of existing.split(';').map((s) => s.trim()).filter(Boolean)) {
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
  for (const line of setCookie ?? []) {
    const pair = line.split(';')[0]!.trim();
    const i = pair.indexOf('=');
    if (i > 0) jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}
