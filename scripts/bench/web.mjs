// Browser-side figures for `make bench`: the release wasm/js/css sizes (raw, gzip -9, brotli q11)
// and Lighthouse performance/accessibility scores of the main pages, run against Debian Chromium
// on a release portal this script starts with fresh demo data.
//
//   node scripts/bench/web.mjs <output.json>
//
// Needs `cargo leptos build --release` first and Lighthouse from `scripts/setup.sh bench`.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const output = process.argv[2] ?? path.join(root, 'target/bench/web-release.json');
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
const port = Number(process.env.BENCH_WEB_PORT ?? 3190);
const base = `http://127.0.0.1:${port}`;
const lighthouseBin = path.join(root, 'tools/node_modules/.bin/lighthouse');
const metrics = [];
const record = (name, value, unit, target = null) => metrics.push({ name, value, unit, target });

// --- sizes -------------------------------------------------------------------------------------
for (const [label, file] of [
  ['wasm', 'target/site/pkg/portal.wasm'],
  ['js', 'target/site/pkg/portal.js'],
  ['css', 'target/site/pkg/portal.css'],
]) {
  const bytes = readFileSync(path.join(root, file));
  const kib = (n) => Math.round((n / 1024) * 10) / 10;
  record(`${label} raw`, kib(bytes.length), 'KiB');
  record(`${label} gzip -9`, kib(zlib.gzipSync(bytes, { level: 9 }).length), 'KiB');
  record(
    `${label} brotli q11`,
    kib(zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length),
    'KiB',
  );
}

// --- Lighthouse --------------------------------------------------------------------------------
const dataDir = mkdtempSync(path.join(tmpdir(), 'portal-bench-web.'));
const server = spawn(path.join(targetDir, 'release/portal'), ['serve'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    PORTAL_DATA_DIR: dataDir,
    PORTAL_DEMO: '1',
    PORTAL_ADDR: `127.0.0.1:${port}`,
    LEPTOS_OUTPUT_NAME: 'portal',
    LEPTOS_SITE_ROOT: path.join(root, 'target/site'),
    LEPTOS_SITE_PKG_DIR: 'pkg',
    DATABASE_URL: '',
    RUST_LOG: 'warn',
  },
});
try {
  await waitForServer();
  const customer = await signIn('client@romashka.test');
  const agent = await signIn('agent@support.test');
  const pages = [
    ['/login', null],
    ['/requests/my', customer],
    ['/requests/new?type=technical_support', customer],
    ['/requests/1001', customer],
    ['/queue', agent],
    ['/kb', agent],
  ];
  for (const [page, cookie] of pages) {
    const report = lighthouse(page, cookie);
    const score = (category) => Math.round(report.categories[category].score * 100);
    record(`Lighthouse performance ${page}`, score('performance'), '/100', '≥ 90');
    record(`Lighthouse accessibility ${page}`, score('accessibility'), '/100', '≥ 90');
    console.log(`${page}: performance ${score('performance')}, accessibility ${score('accessibility')}`);
  }
} finally {
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
writeFileSync(output, JSON.stringify({ mode: 'web', database: 'release', metrics }, null, 2));
console.log(`wrote ${output}`);

async function waitForServer() {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    try {
      if ((await fetch(`${base}/login`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the portal did not answer at ${base}`);
}

/** Signs in through the real server function and returns the session cookie. */
async function signIn(email) {
  const response = await fetch(`${base}/api/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: 'demo-password' }),
  });
  const cookie = (response.headers.getSetCookie?.() ?? []).map((line) => line.split(';')[0]).find((c) => c.startsWith('portal_session='));
  if (!cookie) throw new Error(`sign-in of ${email} failed: HTTP ${response.status}`);
  return cookie;
}

/** One Lighthouse run (mobile preset, simulated throttling), returning its JSON report. */
function lighthouse(page, cookie) {
  const args = [
    `${base}${page}`,
    '--quiet',
    '--output=json',
    '--only-categories=performance,accessibility',
    '--chrome-path=/usr/bin/chromium',
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
  ];
  if (cookie) args.push(`--extra-headers=${JSON.stringify({ Cookie: cookie })}`);
  const json = execFileSync(lighthouseBin, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' } });
  return JSON.parse(json.toString());
}
