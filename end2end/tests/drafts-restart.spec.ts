import { type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ACCOUNTS, expect, open, shot, signIn, test, waitForHydration } from './fixtures';
import { expectPortFree, portalURL, startPortal, stopPortal, waitUntilServing } from './own-portal';

/*
 * The server dies (SIGKILL) while a request form is open and comes back on the same data: what
 * was typed meanwhile is kept in the browser and reaches the server once it answers again.
 *
 * This test runs its own portal (start-server.sh on PORTAL_E2E_RESTART_PORT, default 3171,
 * with a fixed PORTAL_DATA_DIR) because it must kill and restart it; the shared server of the
 * other tests is not touched.
 */

const port = process.env.PORTAL_E2E_RESTART_PORT ?? '3171';
const baseURL = portalURL(port);

test.describe('the server is killed while the form is open', () => {
  test.use({
    baseURL,
    // While the server is down the browser logs the refused saves.
    allowedConsoleErrors: [/net::ERR_(CONNECTION_REFUSED|EMPTY_RESPONSE|CONNECTION_RESET)/],
  });

  let dataDir = '';
  let server: ChildProcess | undefined;

  test.beforeEach(async () => {
    await expectPortFree(port);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-restart-'));
    server = startPortal(port, dataDir);
    await waitUntilServing(port);
  });

  test.afterEach(async ({}, testInfo) => {
    await stopPortal(server, 'SIGKILL');
    if (testInfo.status === testInfo.expectedStatus) {
      fs.rmSync(dataDir, { recursive: true, force: true });
    } else {
      await testInfo.attach('server.log', { path: path.join(dataDir, 'server.log'), contentType: 'text/plain' });
    }
  });

  test('SIGKILL and restart on the same data: the typing done meanwhile reaches the server', async ({ page }) => {
    test.setTimeout(300_000);
    await signIn(page, ACCOUNTS.romashkaColleague.email);
    await open(page, '/requests/new');
    await page.getByRole('link', { name: /^Коммерческий запрос/ }).click();
    await waitForHydration(page);
    await page.getByRole('tab', { name: 'Описание запроса' }).click();
    const subject = `Лицензии для нового филиала ${Date.now()}`;
    await page.getByRole('textbox', { name: /^Тема запроса/ }).fill(subject);
    const description = page.getByRole('textbox', { name: /^Описание/ });
    const before = 'Открываем филиал в Казани на 25 рабочих мест. ';
    const during = 'Нужны лицензии Astra Linux и сертификат поддержки на год.';
    await description.pressSequentially(before, { delay: 10 });
    const status = page.getByRole('status').filter({ hasText: /^Черновик сохранён/ });
    await expect(status).toHaveText(/^Черновик сохранён в \d\d:\d\d$/);

    await stopPortal(server, 'SIGKILL');
    await description.pressSequentially(during, { delay: 10 });
    await expect(status).toHaveText('Черновик сохранён только на этом устройстве', { timeout: 15_000 });
    await shot(page, 'draft-local-only-1280');

    server = startPortal(port, dataDir);
    await waitUntilServing(port);
    // The form retries on its own; the local copy goes to the restarted server.
    await expect(status).toHaveText(/^Черновик сохранён в \d\d:\d\d$/, { timeout: 30_000 });

    const second = await page.context().newPage();
    await open(second, '/drafts');
    const row = second.getByRole('row').filter({ hasText: subject });
    await expect(row).toHaveCount(1);
    await row.getByRole('link', { name: 'Продолжить' }).click();
    await waitForHydration(second);
    await second.getByRole('tab', { name: 'Описание запроса' }).click();
    await expect(second.getByRole('textbox', { name: /^Описание/ })).toHaveValue(before + during);
    await second.close();
  });
});
