// The portal's HTTP server: Next.js's request handler behind a plain node:http
// server, so that every request carries the address of the socket it came in on
// (lib/http/peer-address-header.cjs). `next start` cannot: it keeps a client's
// X-Forwarded-For as it is and only fills it from the socket when there is none,
// so a client that writes one hides its address (lib/http/client-address.ts).
//   node scripts/portal-server.mjs --port 3000 --hostname 127.0.0.1
// Plain JavaScript: it starts the built portal and needs no compiler.
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import next from 'next';

const require = createRequire(import.meta.url);
const { peerAddressHeader } = require('../lib/http/peer-address-header.cjs');

const { values } = parseArgs({ options: { port: { type: 'string', default: process.env.PORT ?? '3000' }, hostname: { type: 'string', default: '0.0.0.0' } } });
const port = Number(values.port);
const hostname = values.hostname;
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const app = next({ dev: false, dir, hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => {
  // Node folds repeated headers into req.headers, which is what Next reads: one delete covers them all.
  delete req.headers[peerAddressHeader];
  const peer = req.socket.remoteAddress;
  if (peer) req.headers[peerAddressHeader] = peer;
  void handle(req, res);
});

server.listen(port, hostname, () => console.log(`[portal] listening on http://${hostname}:${port}`));

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 3_000).unref();
  });
}
