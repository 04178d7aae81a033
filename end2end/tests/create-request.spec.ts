import { ACCOUNTS, expect, httpStatusConsoleError, open, shot, signIn, test, waitForHydration } from './fixtures';
import type { Page } from '@playwright/test';

/** Opens «Создать запрос» from the navigation and picks a type by its title. */
async function startRequest(page: Page, typeTitle: string): Promise<void> {
  await open(page, '/requests/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Создать запрос' })).toBeVisible();
  await page.getByRole('link', { name: new RegExp(`^${typeTitle}`) }).click();
  await expect(page.getByRole('button', { name: 'Создать запрос' })).toBeVisible();
  await waitForHydration(page);
}

/** A form control by the start of its label (required labels end with « *»). */
function control(page: Page, role: 'combobox' | 'textbox', label: string) {
  return page.getByRole(role, { name: new RegExp(`^${label}( \\*)?$`) });
}

async function describe(page: Page, subject: string, description: string): Promise<void> {
  await page.getByRole('tab', { name: 'Описание запроса' }).click();
  await control(page, 'textbox', 'Тема запроса').fill(subject);
  await control(page, 'textbox', 'Описание').fill(description);
}

/** Submits and returns the number shown in the «Запрос № N создан» dialog. */
async function submit(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Создать запрос' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  const title = await dialog.getByRole('heading').innerText();
  const number = /Запрос № (\d+) создан/.exec(title)?.[1];
  expect(number, title).toBeTruthy();
  return number as string;
}

async function expectInLists(page: Page, number: string, subject: string): Promise<void> {
  for (const path of ['/requests/my', '/requests/org']) {
    await open(page, path);
    const row = page.getByRole('row').filter({ hasText: subject });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('cell').first()).toHaveText(number);
  }
}

test.describe('create a request as client@romashka.test', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
  });

  test('technical support: cascade, preselected certificate, number dialog, both lists', async ({ page }) => {
    await startRequest(page, 'Консультация по вопросам технической поддержки и обновлений');
    await expect(page.getByRole('tab', { name: 'Параметры продукта' })).toHaveAttribute('aria-selected', 'true');
    await control(page, 'combobox', 'Продукт').selectOption({ label: 'Astra Linux Special Edition' });
    // Ромашка has exactly one support certificate for all products: it is preselected.
    await expect(control(page, 'combobox', 'Сертификат')).not.toHaveValue('');
    await control(page, 'combobox', 'Версия').selectOption({ label: '1.7' });
    await control(page, 'combobox', 'Обновление').selectOption({ label: '1.7.6' });
    const subject = `Не работает печать на сетевой принтер ${Date.now()}`;
    await describe(page, subject, 'После обновления до 1.7.6 задания печати зависают в очереди CUPS.');
    await shot(page, 'create-technical-1280');
    const number = await submit(page);
    await shot(page, 'created-dialog-1280');
    await expectInLists(page, number, subject);
  });

  test('services: classification chosen with the keyboard in the searchable dialog', async ({ page }) => {
    await startRequest(page, 'Запрос на услуги');
    await page.getByRole('button', { name: 'Выбрать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Классификация запроса' });
    await expect(dialog).toBeVisible();
    await page.keyboard.type('мигр');
    await expect(dialog.getByRole('treeitem', { name: 'Миграция' })).toBeVisible();
    await expect(dialog.getByRole('treeitem', { name: 'Курс администрирования' })).toHaveCount(0);
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Внедрение → Миграция')).toBeVisible();
    const subject = `Перенос файлового сервера на Astra Linux ${Date.now()}`;
    await describe(page, subject, 'Нужно перенести файловый сервер Samba с Windows Server 2012.');
    const number = await submit(page);
    await expectInLists(page, number, subject);
  });

  for (const type of ['Коммерческий запрос', 'Консультация по сервисам']) {
    test(`${type}: no product tab`, async ({ page }) => {
      await startRequest(page, type);
      await expect(page.getByRole('tab', { name: 'Параметры продукта' })).toHaveCount(0);
      await expect(page.getByRole('tab', { name: 'Описание запроса' })).toHaveAttribute('aria-selected', 'true');
      const subject = `${type}: вопрос ${Date.now()}`;
      await describe(page, subject, 'Просим связаться с нами по этому вопросу.');
      const number = await submit(page);
      await expectInLists(page, number, subject);
    });
  }

  test('validation marks the tabs and keeps what was typed; product change resets the cascade', async ({ page }) => {
    await startRequest(page, 'Консультация по вопросам технической поддержки и обновлений');
    await page.getByRole('tab', { name: 'Описание запроса' }).click();
    await control(page, 'textbox', 'Тема запроса').fill('Сбой');
    await page.getByRole('button', { name: 'Создать запрос' }).click();
    // The first tab with an error opens; both tabs carry a marker.
    await expect(page.getByRole('tab', { name: /Параметры продукта/ })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByText('Выберите продукт')).toBeVisible();
    await expect(page.getByRole('img', { name: 'в разделе есть ошибки' })).toHaveCount(2);
    await page.getByRole('tab', { name: /Описание запроса/ }).click();
    await expect(page.getByText('Тема должна содержать не меньше 5 символов')).toBeVisible();
    await expect(control(page, 'textbox', 'Тема запроса')).toHaveValue('Сбой');

    await page.getByRole('tab', { name: /Параметры продукта/ }).click();
    await control(page, 'combobox', 'Продукт').selectOption({ label: 'Astra Linux Special Edition' });
    await control(page, 'combobox', 'Версия').selectOption({ label: '1.7' });
    await control(page, 'combobox', 'Обновление').selectOption({ label: '1.7.5' });
    await control(page, 'combobox', 'Продукт').selectOption({ label: 'ALD Pro' });
    await expect(control(page, 'combobox', 'Версия')).toHaveValue('');
    await expect(control(page, 'combobox', 'Обновление')).toHaveValue('');
    await control(page, 'combobox', 'Версия').selectOption({ label: '2.5' });
    await expect(control(page, 'combobox', 'Обновление')).toBeDisabled();
    await shot(page, 'create-validation-360');
  });
});

test('Вектор sees «Запрос на услуги» disabled with the reason and a renewal link', async ({ page }) => {
  await signIn(page, ACCOUNTS.vectorClient.email);
  await open(page, '/requests/new');
  await expect(page.getByRole('link', { name: /^Запрос на услуги/ })).toHaveCount(0);
  await expect(page.getByText(/Недоступно: срок действия сертификата на услуги истёк \d\d\.\d\d\.\d{4}\./)).toBeVisible();
  await shot(page, 'type-chooser-vector-1280');
  await page.getByRole('link', { name: 'Продлить сертификат — оформить коммерческий запрос' }).click();
  await waitForHydration(page);
  await expect(page.getByText('Коммерческий запрос').first()).toBeVisible();
  await page.getByRole('tab', { name: 'Описание запроса' }).click();
  await expect(control(page, 'textbox', 'Тема запроса')).toHaveValue('Продление сертификата на услуги');
});

test('ИП Лютиков is not offered «Запрос на услуги» at all', async ({ page }) => {
  await signIn(page, ACCOUNTS.lyutikClient.email);
  await open(page, '/requests/new');
  await expect(page.getByRole('link', { name: /^Консультация по сервисам/ })).toBeVisible();
  await expect(page.getByText('Запрос на услуги')).toHaveCount(0);
});

/** The smallest valid PNG: a 1×1 transparent pixel. */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

test.describe('attachments', () => {
  // A rejected upload is answered with 415, which Chromium logs as a console error.
  test.use({ allowedConsoleErrors: [httpStatusConsoleError('415')] });

  test('upload with progress, a disguised file refused, removal, and creation with the file', async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
    await startRequest(page, 'Консультация по сервисам');
    await page.getByRole('tab', { name: 'Вложения' }).click();

    // Hold the upload for a moment so the progress bar can be seen.
    await page.route('**/api/attachments', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    const input = page.locator('input[type=file]');
    await input.setInputFiles([{ name: 'screenshot.png', mimeType: 'image/png', buffer: PNG_1X1 }]);
    await expect(page.getByRole('progressbar', { name: /screenshot\.png/ })).toBeVisible();
    const uploaded = page.locator('.attachment').filter({ hasText: 'screenshot.png' });
    await expect(uploaded.getByRole('progressbar')).toHaveCount(0);
    await expect(uploaded).toContainText('Б');
    await page.unroute('**/api/attachments');

    await input.setInputFiles([{ name: 'invoice.png', mimeType: 'image/png', buffer: Buffer.from('<html><script>alert(1)</script></html>') }]);
    const refused = page.locator('.attachment').filter({ hasText: 'invoice.png' });
    await expect(refused.getByRole('alert')).toContainText('Содержимое файла не соответствует его расширению');
    await refused.getByRole('button', { name: /Удалить/ }).click();
    await expect(refused).toHaveCount(0);

    await input.setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Журнал ошибок: нет связи с сервером') }]);
    const notes = page.locator('.attachment').filter({ hasText: 'notes.txt' });
    await expect(notes.getByRole('button', { name: /Удалить/ })).toBeVisible();
    await notes.getByRole('button', { name: /Удалить/ }).click();
    await expect(notes).toHaveCount(0);
    await shot(page, 'attachments-1280');

    await describe(page, `Скриншот ошибки входа ${Date.now()}`, 'Прикладываю снимок экрана с ошибкой.');
    await submit(page);
  });
});
