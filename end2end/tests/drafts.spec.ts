import { ACCOUNTS, expect, open, shot, signIn, test, waitForHydration } from './fixtures';
import type { Page } from '@playwright/test';

/*
 * Drafts of the request form: the «Сохранить черновик?» dialog, continuing from «Черновики»,
 * and a failed submission that loses nothing. Мария Соколова (Ромашка) is used so that the
 * request-form tests of Иван Петров do not mix their drafts in.
 */

const USER = ACCOUNTS.romashkaColleague;

async function startRequest(page: Page, typeTitle: string): Promise<void> {
  await open(page, '/requests/new');
  await page.getByRole('link', { name: new RegExp(`^${typeTitle}`) }).click();
  await expect(page.getByRole('button', { name: 'Создать запрос' })).toBeVisible();
  await waitForHydration(page);
}

function control(page: Page, role: 'combobox' | 'textbox', label: string) {
  return page.getByRole(role, { name: new RegExp(`^${label}( \\*)?$`) });
}

async function describe(page: Page, subject: string, description: string): Promise<void> {
  await page.getByRole('tab', { name: 'Описание запроса' }).click();
  await control(page, 'textbox', 'Тема запроса').fill(subject);
  await control(page, 'textbox', 'Описание').fill(description);
}

const savedOnServer = /^Черновик сохранён в \d\d:\d\d$/;

function draftRow(page: Page, subject: string) {
  return page.getByRole('row').filter({ hasText: subject });
}

test.describe('drafts of Мария Соколова', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, USER.email);
  });

  test('cancel → «Сохранить» → continue from «Черновики» with everything restored', async ({ page }) => {
    await startRequest(page, 'Консультация по вопросам технической поддержки и обновлений');
    await control(page, 'combobox', 'Продукт').selectOption({ label: 'Astra Linux Special Edition' });
    await control(page, 'combobox', 'Версия').selectOption({ label: '1.7' });
    await control(page, 'combobox', 'Обновление').selectOption({ label: '1.7.6' });
    const certificate = await control(page, 'combobox', 'Сертификат').inputValue();
    expect(certificate).not.toBe('');
    const subject = `Сканер штрихкодов не определяется ${Date.now()}`;
    const description = 'После обновления до 1.7.6 сканер Honeywell не появляется в списке устройств.';
    await describe(page, subject, description);
    await page.getByRole('tab', { name: 'Вложения' }).click();
    await page.locator('input[type=file]').setInputFiles([
      { name: 'dmesg.txt', mimeType: 'text/plain', buffer: Buffer.from('usb 1-1: device descriptor read/64, error -71') },
    ]);
    const file = page.locator('.attachment').filter({ hasText: 'dmesg.txt' });
    await expect(file.getByRole('button', { name: /Удалить/ })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: savedOnServer })).toBeVisible();
    await shot(page, 'draft-saved-line-1280');

    await page.getByRole('link', { name: 'Отмена' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Сохранить черновик?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Вернуться к форме' })).toBeVisible();
    await shot(page, 'draft-leave-dialog-1280');
    // «Вернуться к форме» keeps the form as it was.
    await dialog.getByRole('button', { name: 'Вернуться к форме' }).click();
    await expect(dialog).toBeHidden();
    await expect(file).toBeVisible();

    await page.getByRole('link', { name: 'Отмена' }).click();
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/requests/my');

    await page.getByRole('navigation', { name: 'Основная навигация' }).getByRole('link', { name: 'Черновики' }).click();
    const row = draftRow(page, subject);
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Техподдержка');
    await shot(page, 'drafts-list-1280');
    await row.getByRole('link', { name: 'Продолжить' }).click();
    await expect(page).toHaveURL(/\/requests\/new\?draft=\d+$/);
    await waitForHydration(page);

    // The tab that was open, the file, every field and the product parameters.
    await expect(page.getByRole('tab', { name: 'Вложения' })).toHaveAttribute('aria-selected', 'true');
    await expect(file).toBeVisible();
    await shot(page, 'draft-restored-1280');
    await page.getByRole('tab', { name: 'Параметры продукта' }).click();
    await expect(control(page, 'combobox', 'Продукт').locator('option:checked')).toHaveText('Astra Linux Special Edition');
    await expect(control(page, 'combobox', 'Версия').locator('option:checked')).toHaveText('1.7');
    await expect(control(page, 'combobox', 'Обновление').locator('option:checked')).toHaveText('1.7.6');
    await expect(control(page, 'combobox', 'Сертификат')).toHaveValue(certificate);
    await page.getByRole('tab', { name: 'Описание запроса' }).click();
    await expect(control(page, 'textbox', 'Тема запроса')).toHaveValue(subject);
    await expect(control(page, 'textbox', 'Описание')).toHaveValue(description);

    // Created from the draft: the draft is gone, the file went with the request.
    await page.getByRole('button', { name: 'Создать запрос' }).click();
    await expect(page.getByRole('alertdialog')).toContainText(/Запрос № \d+ создан/);
    await open(page, '/drafts');
    await expect(page.getByRole('heading', { level: 1, name: 'Черновики' })).toBeVisible();
    await expect(draftRow(page, subject)).toHaveCount(0);
  });

  test('cancel → «Не сохранять» leaves no draft, on the server or in the browser', async ({ page }) => {
    await startRequest(page, 'Коммерческий запрос');
    const subject = `Продление лицензий на 2027 год ${Date.now()}`;
    await describe(page, subject, 'Просим выставить счёт на продление 40 лицензий.');
    // Autosave has made a server draft already.
    await expect(page.getByRole('status').filter({ hasText: savedOnServer })).toBeVisible();
    await page.getByRole('link', { name: 'Отмена' }).click();
    await page.getByRole('alertdialog', { name: 'Сохранить черновик?' }).getByRole('button', { name: 'Не сохранять' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/requests/my');
    const localCopies = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('portal.draft.')));
    expect(localCopies).toEqual([]);
    await open(page, '/drafts');
    await expect(page.getByRole('heading', { level: 1, name: 'Черновики' })).toBeVisible();
    await expect(draftRow(page, subject)).toHaveCount(0);
  });

  test('a link in the navigation asks too; an unchanged form asks nothing', async ({ page }) => {
    await startRequest(page, 'Консультация по сервисам');
    // Nothing typed: leaving is silent.
    await page.getByRole('link', { name: 'Мои запросы' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/requests/my');
    await startRequest(page, 'Консультация по сервисам');
    await describe(page, `Не приходят уведомления ${Date.now()}`, 'Письма о новых ответах не приходят.');
    await page.getByRole('link', { name: 'Запросы организации' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Сохранить черновик?' });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL((url) => url.pathname === '/requests/new');
    await page.getByRole('link', { name: 'Запросы организации' }).click();
    await dialog.getByRole('button', { name: 'Не сохранять' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/requests/org');
  });

  test('deleting a draft asks first', async ({ page }) => {
    await startRequest(page, 'Коммерческий запрос');
    const subject = `Демонстрационная лицензия ${Date.now()}`;
    await describe(page, subject, 'Нужна демонстрационная лицензия на 30 дней.');
    await expect(page.getByRole('status').filter({ hasText: savedOnServer })).toBeVisible();
    await page.getByRole('link', { name: 'Отмена' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Сохранить' }).click();
    await open(page, '/drafts');
    const row = draftRow(page, subject);
    await row.getByRole('button', { name: `Удалить черновик «${subject}»` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Удалить черновик?' });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Отмена' }).click();
    await expect(row).toHaveCount(1);
    await row.getByRole('button', { name: `Удалить черновик «${subject}»` }).click();
    await confirm.getByRole('button', { name: 'Удалить' }).click();
    await expect(row).toHaveCount(0);
  });
});

test.describe('a submission that fails on the way', () => {
  // The aborted create call is logged by Chromium as a failed resource load.
  test.use({ allowedConsoleErrors: [/net::ERR_FAILED/] });

  test('network blocked during submission → the draft is kept; the retry creates exactly one request', async ({ page }) => {
    await signIn(page, USER.email);
    await startRequest(page, 'Коммерческий запрос');
    const subject = `Счёт на техническую поддержку ${Date.now()}`;
    await describe(page, subject, 'Просим выставить счёт на продление сертификата технической поддержки.');

    await page.route('**/api/requests/create', (route) => route.abort('failed'));
    await page.getByRole('button', { name: 'Создать запрос' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Нет связи с сервером' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: savedOnServer })).toBeVisible();
    await shot(page, 'draft-after-failed-submit-1280');

    // The draft is in «Черновики» (seen from a second tab, the form stays open).
    const second = await page.context().newPage();
    await open(second, '/drafts');
    await expect(draftRow(second, subject)).toHaveCount(1);

    await page.unroute('**/api/requests/create');
    await page.getByRole('button', { name: 'Создать запрос' }).click();
    await expect(page.getByRole('alertdialog')).toContainText(/Запрос № \d+ создан/);

    await open(second, `/requests/my?q=${encodeURIComponent(subject)}`);
    await expect(second.getByRole('row').filter({ hasText: subject })).toHaveCount(1);
    await open(second, '/drafts');
    await expect(second.getByRole('heading', { level: 1, name: 'Черновики' })).toBeVisible();
    await expect(draftRow(second, subject)).toHaveCount(0);
    await second.close();
  });

  test('a copy kept only in this browser reaches the server from another page once it answers', async ({ page }) => {
    await signIn(page, USER.email);
    await startRequest(page, 'Консультация по сервисам');
    await page.route('**/api/drafts/save', (route) => route.abort('failed'));
    const subject = `Не открывается раздел отчётов ${Date.now()}`;
    await describe(page, subject, 'При открытии раздела «Отчёты» страница остаётся пустой.');
    await expect(page.getByRole('status').filter({ hasText: 'Черновик сохранён только на этом устройстве' })).toBeVisible();
    // Leaving with «Сохранить» while the server cannot be reached keeps the copy in the browser.
    await page.getByRole('link', { name: 'Отмена' }).click();
    await page.getByRole('alertdialog', { name: 'Сохранить черновик?' }).getByRole('button', { name: 'Сохранить' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/requests/my');
    const localOnly = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('portal.draft.')).length);
    expect(localOnly).toBe(1);

    await page.unroute('**/api/drafts/save');
    // The app sends it in the background (on load, on `online`, every few seconds).
    await expect
      .poll(
        async () => {
          await open(page, '/drafts');
          return draftRow(page, subject).count();
        },
        { timeout: 20_000, intervals: [2_000] },
      )
      .toBe(1);
  });
});
