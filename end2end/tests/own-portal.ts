import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from './fixtures';

/*
 * A portal of one test's own: start-server.sh on its own port and data directory, for tests that
 * kill and restart the server or need an empty install. The shared server of the other tests is
 * not touched. The server's output goes to server.log in the data directory, for post-mortems.
 */

export function portalURL(port: string): string {
  return `http://127.0.0.1:${port}`;
}

/** A portal left on the port (by an interrupted run) would answer instead of the test's own. */
export async function expectPortFree(port: string): Promise<void> {
  const answered = await fetch(`${portalURL(port)}/login`).then(
    () => true,
    () => false,
  );
  expect(answered, `port ${port} must be free for this test's own portal`).toBe(false);
}

/** Starts the portal (start-server.sh execs it, so the child is the server itself). */
export function startPortal(port: string, dataDir: string, env: Record<string, string> = {}): ChildProcess {
  const script = path.join(__dirname, '..', 'start-server.sh');
  const log = fs.openSync(path.join(dataDir, 'server.log'), 'a');
  return spawn('bash', [script], {
    env: { ...process.env, ...env, PORTAL_E2E_PORT: port, PORTAL_DATA_DIR: dataDir },
    stdio: ['ignore', log, log],
  });
}

export async function waitUntilServing(port: string): Promise<void> {
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${portalURL(port)}/login`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 120_000, intervals: [500] },
    )
    .toBe(200);
}

export async function stopPortal(server: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill(signal);
  await exited;
}
