import { ACCOUNTS, open, signIn, test } from '../tests/fixtures';
import type { Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';

/**
 * Browser timing of the suggestions under «Тема запроса» (a measurement, not a test: it asserts
 * nothing about speed). For each subject it types the text key by key, then measures, inside the
 * page, the time from the last keystroke's `input` event to the first animation frame after the
 * panel showed the answer to exactly that text (the 120 ms debounce included). Prints p50/p95.
 *
 * Run: `PORTAL_BENCH=1 npx playwright test --project=bench` (see README «Benchmarks»).
 */
const SUBJECTS = [
  'не печатает принтр',
  'принтер не печатает',
  'очередь печати зависла',
  'cups не видит принтер',
  'не загружается графическая оболочка',
  'черный экран после обновления',
  'ошибка ввода в домен',
  'ald pro домен',
  'резервное копирование postgresql',
  'rubackup ошибка',
  'не приходят уведомления',
  'уведомления на почту',
  'продление сертификата',
  'termidesk рабочий стол',
  'смена пароля',
  'не работает сеть',
  'обновление 1.7.6',
  'astra linux обновление',
  'мандатный контроль доступа',
  'не монтируется диск',
  'ошибка лицензии',
  'медленно работает',
  'не запускается служба',
  'сертификат истёк',
];
const ROUNDS = 2;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

async function measure(page: Page, text: string): Promise<number> {
  const subject = page.locator('#subject');
  await subject.fill('');
  await page.waitForFunction(() => !document.querySelector('.suggestions__panel'));
  await page.evaluate((expected) => {
    const w = window as unknown as { __lastInput: number; __painted: Promise<number> };
    const input = document.getElementById('subject') as HTMLInputElement;
    input.addEventListener('input', () => (w.__lastInput = performance.now()));
    const holder = document.querySelector('.suggestions') as HTMLElement;
    w.__painted = new Promise((resolve) => {
      const check = () => {
        if (holder.dataset.answered === expected) {
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now()));
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(holder, { attributes: true, childList: true, subtree: true });
    });
  }, text);
  await subject.pressSequentially(text, { delay: 35 });
  return page.evaluate(async () => {
    const w = window as unknown as { __lastInput: number; __painted: Promise<number> };
    const painted = await w.__painted;
    return painted - w.__lastInput;
  });
}

test('suggestions: last keystroke → painted list', async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, ACCOUNTS.romashkaClient.email);
  await open(page, '/requests/new?type=technical_support');
  await page.getByRole('tab', { name: 'Описание запроса' }).click();
  // One warm-up query: the first one also loads code paths and connections.
  await measure(page, 'прогрев');
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const text of SUBJECTS) {
      samples.push(await measure(page, text));
    }
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const line = `suggest latency (keystroke → painted, ${samples.length} queries, 120 ms debounce included): ` +
    `p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`;
  console.log(line);
  test.info().annotations.push({ type: 'bench', description: line });
  // `make bench` collects the figures into its report.
  if (process.env.PORTAL_BENCH_JSON) {
    const metrics = [
      { name: 'suggestions keystroke → painted, p50', value: Math.round(percentile(sorted, 50)), unit: 'ms', target: null },
      { name: 'suggestions keystroke → painted, p95', value: Math.round(percentile(sorted, 95)), unit: 'ms', target: '≤ 250' },
    ];
    writeFileSync(process.env.PORTAL_BENCH_JSON, JSON.stringify({ mode: 'browser', database: 'release', metrics }, null, 2));
  }
});
