import type { Browser, BrowserContext, Page } from '@playwright/test';
import { ACCOUNTS, expect, httpStatusConsoleError, open, shot, signIn, test } from './fixtures';

/*
 * The request page and its live chat. Demo requests of «Ромашка»: 1001 (technical support,
 * «В работе»), 1006 (technical support, «Новый», nobody assigned). Every message text carries a
 * timestamp, so the tests can run again on the same database.
 */

/** A second signed-in browser (another person at another computer). */
async function secondBrowser(browser: Browser, email: string, options: { javaScriptEnabled?: boolean } = {}) {
  const info = test.info();
  const context = await browser.newContext({ baseURL: info.project.use.baseURL, locale: 'ru-RU' });
  const page = await context.newPage();
  await signIn(page, email);
  if (options.javaScriptEnabled === false) {
    // The session cookie, in a browser that runs no scripts.
    const noScript = await browser.newContext({
      baseURL: info.project.use.baseURL,
      locale: 'ru-RU',
      storageState: await context.storageState(),
      javaScriptEnabled: false,
    });
    await context.close();
    return { context: noScript, page: await noScript.newPage() };
  }
  return { context, page };
}

function chat(page: Page) {
  return page.getByRole('region', { name: 'Чат с поддержкой' });
}

function messageBodies(page: Page, text: string) {
  return chat(page).locator('.chat-message__body').filter({ hasText: text });
}

async function send(page: Page, text: string): Promise<void> {
  const box = chat(page).getByRole('textbox', { name: 'Сообщение' });
  await box.fill(text);
  await chat(page).getByRole('button', { name: 'Отправить' }).click();
  await expect(messageBodies(page, text)).toHaveCount(1);
  await expect(box).toHaveValue('');
}

/** The chat is connected to the live stream. */
async function live(page: Page): Promise<void> {
  await expect(chat(page)).toHaveAttribute('data-live', 'open');
}

test.describe('request page and live chat', () => {
  let other: { context: BrowserContext; page: Page } | undefined;

  test.afterEach(async () => {
    await other?.context.close();
    other = undefined;
  });

  test('customer and engineer exchange messages live, both ways, without reloading', async ({ page, browser }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
    await open(page, '/requests/1001');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Запрос № 1001');
    await expect(page.getByRole('heading', { name: 'Участники запроса' })).toBeVisible();
    await live(page);

    other = await secondBrowser(browser, ACCOUNTS.agent.email);
    await open(other.page, '/requests/1001');
    await live(other.page);

    const question = `Проверили драйвер i915 — не помогло ${Date.now()}`;
    await send(page, question);
    await expect(messageBodies(other.page, question)).toHaveCount(1, { timeout: 2_000 });
    const theirLine = chat(other.page).locator('.chat-message').filter({ hasText: question });
    await expect(theirLine).toContainText('Иван Петров');
    await expect(theirLine).toContainText('клиент');

    const answer = `Пришлите, пожалуйста, вывод journalctl -b ${Date.now()}`;
    // Ctrl+Enter sends as well.
    await chat(other.page).getByRole('textbox', { name: 'Сообщение' }).fill(answer);
    await chat(other.page).getByRole('textbox', { name: 'Сообщение' }).press('Control+Enter');
    await expect(messageBodies(other.page, answer)).toHaveCount(1);
    await expect(messageBodies(page, answer)).toHaveCount(1, { timeout: 2_000 });
    await expect(chat(page).locator('.chat-message').filter({ hasText: answer })).toContainText('поддержка');
    await shot(page, 'request-chat-customer-1280');
    await shot(other.page, 'request-chat-agent-1280');
  });

  test.describe('after the connection drops', () => {
    // Chromium reports the cut stream and the failed reconnection attempts while offline.
    test.use({ allowedConsoleErrors: [/ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|Failed to load resource/] });

    test('messages posted meanwhile all appear exactly once', async ({ page, browser, context }) => {
      await signIn(page, ACCOUNTS.romashkaClient.email);
      await open(page, '/requests/1001');
      await live(page);
      other = await secondBrowser(browser, ACCOUNTS.agent.email);
      await open(other.page, '/requests/1001');

      // Offline alone leaves an open stream untouched in Chromium; stopping the document's
      // loads cuts it, and while offline every reconnection attempt fails.
      await context.setOffline(true);
      await page.evaluate(() => window.stop());
      await expect(chat(page)).toHaveAttribute('data-live', 'reconnecting');
      await expect(chat(page).getByRole('status')).toHaveText('Связь потеряна. Переподключаемся…');
      const stamp = Date.now();
      const missed = [`Первое сообщение, пока нет связи ${stamp}`, `Второе сообщение, пока нет связи ${stamp}`];
      for (const text of missed) {
        await send(other.page, text);
      }
      await context.setOffline(false);

      await live(page);
      for (const text of missed) {
        await expect(messageBodies(page, text)).toHaveCount(1, { timeout: 10_000 });
      }
      // A message after the reconnection arrives live, and nothing arrives twice.
      const after = `После восстановления связи ${stamp}`;
      await send(other.page, after);
      await expect(messageBodies(page, after)).toHaveCount(1, { timeout: 2_000 });
      for (const text of missed) {
        await expect(messageBodies(page, text)).toHaveCount(1);
      }
      const ids = await chat(page).locator('[data-message-id]').evaluateAll((items) =>
        items.map((item) => item.getAttribute('data-message-id')),
      );
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  test('markup in a message is shown as text, addresses as safe links', async ({ page }) => {
    let dialogs = 0;
    page.on('dialog', async (dialog) => {
      dialogs += 1;
      await dialog.dismiss();
    });
    await signIn(page, ACCOUNTS.romashkaClient.email);
    await open(page, '/requests/1001');
    const stamp = Date.now();
    const script = `<script>alert(1)</script> <img src=x onerror=alert(2)> ${stamp}`;
    await send(page, script);
    await expect(messageBodies(page, script)).toHaveText(script);
    await expect(chat(page).locator('.chat-message__body script, .chat-message__body img')).toHaveCount(0);

    const withLink = `Инструкция: https://wiki.astralinux.ru/pages/viewpage.action?pageId=${stamp}.`;
    await send(page, withLink);
    const link = messageBodies(page, withLink).getByRole('link');
    await expect(link).toHaveAttribute('href', `https://wiki.astralinux.ru/pages/viewpage.action?pageId=${stamp}`);
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');

    // Rendered by the server as well: still text after a reload.
    await open(page, '/requests/1001');
    await expect(messageBodies(page, script)).toHaveText(script);
    expect(dialogs).toBe(0);
  });

  test('an engineer takes the request and changes its status; the customer sees it live', async ({ page, browser }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
    await open(page, '/requests/1006');
    await expect(page.getByTestId('request-status')).toHaveText('Новый');
    await live(page);
    // Customers get no staff controls.
    await expect(page.getByRole('button', { name: 'Взять в работу' })).toHaveCount(0);

    other = await secondBrowser(browser, ACCOUNTS.agent.email);
    await open(other.page, '/requests/1006');
    await other.page.getByRole('button', { name: 'Взять в работу' }).click();
    await expect(other.page.getByTestId('request-status')).toHaveText('В работе');
    await expect(other.page.getByRole('region', { name: 'Информация' })).toContainText('Алексей Смирнов');

    await expect(chat(page).locator('.chat-line').filter({ hasText: 'Статус изменён: Новый → В работе' })).toHaveCount(1, {
      timeout: 2_000,
    });
    await expect(page.getByTestId('request-status')).toHaveText('В работе');
    await expect(page.getByRole('region', { name: 'Участники запроса' })).toContainText('Алексей Смирнов');

    // Only the transitions the rule allows are offered.
    const status = other.page.getByRole('combobox', { name: 'Статус' });
    await expect(status.locator('option')).toHaveText(['— выберите —', 'Ожидает ответа клиента', 'Решено']);
    await status.selectOption({ label: 'Ожидает ответа клиента' });
    await other.page.getByRole('button', { name: 'Изменить статус' }).click();
    await expect(other.page.getByTestId('request-status')).toHaveText('Ожидает ответа клиента');
    await expect(
      chat(page).locator('.chat-line').filter({ hasText: 'Статус изменён: В работе → Ожидает ответа клиента' }),
    ).toHaveCount(1, { timeout: 2_000 });
    await expect(page.getByTestId('request-status')).toHaveText('Ожидает ответа клиента');
    await shot(other.page, 'request-staff-controls-1280');
  });

  test.describe('access', () => {
    test.use({ allowedConsoleErrors: [httpStatusConsoleError(404)] });

    test('a customer of another organization gets «Запрос не найден»', async ({ page }) => {
      await signIn(page, ACCOUNTS.vectorClient.email);
      const response = await page.goto('/requests/1001');
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Запрос не найден' })).toBeVisible();
      await expect(page.getByText('Не загружается графическая оболочка')).toHaveCount(0);
      const events = await page.request.get('/api/requests/1001/events?after=0', { maxRedirects: 0 });
      expect(events.status()).toBe(404);
    });
  });

  test('without JavaScript the history is there and the form posts a message', async ({ browser }) => {
    other = await secondBrowser(browser, ACCOUNTS.romashkaClient.email, { javaScriptEnabled: false });
    const { page } = other;
    await page.goto('/requests/1001');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Запрос № 1001');
    const text = `Отправлено без JavaScript ${Date.now()}`;
    await chat(page).getByRole('textbox', { name: 'Сообщение' }).fill(text);
    await chat(page).getByRole('button', { name: 'Отправить' }).click();
    await expect(page).toHaveURL(/\/requests\/1001(#chat)?$/);
    await expect(messageBodies(page, text)).toHaveCount(1);

    await chat(page).getByRole('textbox', { name: 'Сообщение' }).fill('   ');
    await chat(page).getByRole('button', { name: 'Отправить' }).click();
    await expect(page.getByRole('alert')).toHaveText('Напишите сообщение');
  });
});

test.describe('queue and lists lead to the request page', () => {
  test('the engineer filters the queue and opens a request from it', async ({ page }) => {
    await signIn(page, ACCOUNTS.agent.email);
    await open(page, '/queue');
    await page.getByRole('combobox', { name: 'Организация' }).selectOption({ label: 'ООО «Ромашка»' });
    await page.getByRole('combobox', { name: 'Ответственный' }).selectOption({ label: 'Назначенные мне' });
    await page.getByRole('button', { name: 'Найти' }).click();
    await expect(page).toHaveURL(/organization=\d+/);
    await expect(page).toHaveURL(/assigned=me/);
    await expect(page.getByRole('combobox', { name: 'Ответственный' })).toHaveValue('me');
    // Commercial requests go to managers, not to the engineers' queue.
    await open(page, '/queue');
    await expect(page.getByRole('row').filter({ hasText: 'Продление сертификата технической поддержки' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Миграция 120 рабочих мест с Windows на Astra Linux' }).click();
    await expect(page).toHaveURL(/\/requests\/1003$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Запрос № 1003');
    await shot(page, 'queue-to-request-1280');
  });

  test('the manager sees commercial requests in the queue', async ({ page }) => {
    await signIn(page, ACCOUNTS.manager.email);
    await open(page, '/queue');
    await expect(page.getByRole('link', { name: 'Продление сертификата технической поддержки на 2027 год' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Миграция 120 рабочих мест с Windows на Astra Linux' })).toHaveCount(0);
  });

  test('a customer opens a request from «Мои запросы»', async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
    await open(page, '/requests/my');
    await page.getByRole('link', { name: 'RuBackup: резервное копирование PostgreSQL завершается с ошибкой' }).click();
    await expect(page).toHaveURL(/\/requests\/1006$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Запрос № 1006');
    await expect(page.getByRole('region', { name: 'Сведения' })).toContainText('RuBackup');
  });
});
