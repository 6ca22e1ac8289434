// The ports of the test services. Another ScanShare (a second checkout's `npm test`,
// a running portal) may hold a default port: then a port left at its default moves
// to a free one, and says so; a port set on purpose is never moved, and a taken one
// stops the run at once, naming the port and the variable that moves it (instead of
// a server failing later with EADDRINUSE, or tests talking to the other instance).
import { findFreePort, isPortFree } from '@/lib/embedded/free-port';

export type PortSetting = { variable: string; fallback: number; what: string };

export const testPortSettings: PortSetting[] = [
  { variable: 'TEST_APP_PORT', fallback: 23000, what: 'the portal under test' },
  { variable: 'TEST_PG_PORT', fallback: 25432, what: 'the test PostgreSQL' },
  { variable: 'TEST_S3_PORT', fallback: 29000, what: 'the test S3-compatible server' },
  { variable: 'TEST_SMTP_PORT', fallback: 23925, what: 'the test mail sink' },
  { variable: 'TEST_OIDC_PORT', fallback: 23900, what: 'the test OIDC identity provider' },
  { variable: 'TEST_SAML_PORT', fallback: 23910, what: 'the test SAML identity provider' },
];

export class PortTakenError extends Error {}

/**
 * Resolves each setting from env (writing a moved port back into it, so child
 * processes and the tests read the same number) and returns the ports by variable.
 */
export async function resolveTestPorts(settings: PortSetting[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<Record<string, number>> {
  const chosen: Record<string, number> = {};
  const used = new Set<number>();
  for (const { variable, fallback, what } of settings) {
    const raw = env[variable]?.trim();
    const explicit = Boolean(raw);
    const port = explicit ? Number(raw) : fallback;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new PortTakenError(`${variable}=${raw} is not a port number (1-65535).`);
    }
    if (!used.has(port) && (await isPortFree(port))) {
      chosen[variable] = port;
    } else if (explicit) {
      const suggestion = await freePortNotIn(used);
      throw new PortTakenError(
        `Port ${port} (${variable}, ${what}) is already in use, probably by another ScanShare or test run. ` +
          `Stop that, or set ${variable} to a free port, e.g. ${variable}=${suggestion} (or unset it to have one picked).`,
      );
    } else {
      chosen[variable] = await freePortNotIn(used);
      log(`[test services] port ${port} (default of ${variable}, ${what}) is in use; using ${chosen[variable]} instead. Set ${variable} to choose one.`);
    }
    used.add(chosen[variable]!);
    env[variable] = String(chosen[variable]);
  }
  return chosen;
}

async function freePortNotIn(used: Set<number>): Promise<number> {
  for (;;) {
    const port = await findFreePort();
    if (!used.has(port)) return port;
  }
}
