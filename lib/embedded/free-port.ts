// Free TCP ports on 127.0.0.1 for test servers. Kept below 32768: the ephemeral range
// (32768–60999) is where the kernel picks client ports, so a server there can collide later.
import net from 'node:net';

/** Whether nothing listens on this port of 127.0.0.1 (we could bind it now). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

export async function findFreePort(min = 20000, max = 32767): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = min + Math.floor(Math.random() * (max - min + 1));
    if (await isPortFree(port)) return port;
  }
  throw new Error(`No free port found on 127.0.0.1 between ${min} and ${max}.`);
}
