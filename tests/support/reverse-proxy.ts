// A real reverse proxy in front of the portal, for the client-address tests: Debian's
// nginx on loopback, appending the client to X-Forwarded-For as deployments do
// ($proxy_add_x_forwarded_for). It connects to the portal from its own address
// (proxyBindAddress), which the test portal trusts (tests/support/with-services.ts),
// so requests sent to the portal directly from 127.0.0.1 are not believed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const nginxBinary = '/usr/sbin/nginx';
/** The proxy's own address towards the portal: TRUSTED_PROXIES of the test portal. */
export const proxyBindAddress = '127.0.0.2';

export type ReverseProxy = { origin: string; port: number; stop(): Promise<void> };

function config(dir: string, port: number, upstreamPort: number): string {
  const tmp = (name: string) => path.join(dir, name);
  return `daemon off;
master_process off;
pid ${tmp('nginx.pid')};
error_log ${tmp('error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  client_max_body_size 0;
  client_body_temp_path ${tmp('client_body')};
  proxy_temp_path ${tmp('proxy')};
  fastcgi_temp_path ${tmp('fastcgi')};
  uwsgi_temp_path ${tmp('uwsgi')};
  scgi_temp_path ${tmp('scgi')};
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://127.0.0.1:${upstreamPort};
      proxy_bind ${proxyBindAddress};
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Real-IP $remote_addr;
    }
  }
}
`;
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not listen on ${port}`);
}

export async function startReverseProxy(port: number, upstreamPort: number): Promise<ReverseProxy> {
  if (!fs.existsSync(nginxBinary)) throw new Error(`${nginxBinary} is missing: apt-get install nginx-light`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scanshare-proxy-'));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), config(dir, port, upstreamPort));
  const child = spawn(nginxBinary, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`nginx exited (${code}): ${stderr}`))));
  await Promise.race([waitForPort(port, Date.now() + 10_000), exited]);
  exited.catch(() => undefined);
  return {
    origin: `http://localhost:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve(fs.rmSync(dir, { recursive: true, force: true }));
        child.once('exit', () => resolve(fs.rmSync(dir, { recursive: true, force: true })));
        child.kill('SIGTERM');
      }),
  };
}
