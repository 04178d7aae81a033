import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, httpStatusConsoleError, shot, test, waitForHydration } from './fixtures';
import { emailTo, linkIn } from './outbox';
import { expectPortFree, portalURL, startPortal, stopPortal, waitUntilServing } from './own-portal';

/*
 * A new install, no demo data: `portal admin create` prints a one-time link, the administrator
 * opens it, chooses a password and is signed in. The link then says it has been used.
 *
 * Runs its own portal (start-server.sh with PORTAL_E2E_DEMO=0 on PORTAL_E2E_EMPTY_PORT, default
 * 3172) on an empty data directory; the shared demo server of the other tests is not touched.
 */

const port = process.env.PORTAL_E2E_EMPTY_PORT ?? '3172';
const baseURL = portalURL(port);
const root = path.resolve(__dirname, '..', '..');
const binary = path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), process.env.PORTAL_E2E_PROFILE ?? 'debug', 'portal');

/** `portal admin create`; with `password`, it is read from stdin and no link is printed. */
function adminCreate(dataDir: string, password?: string): string {
  const args = ['admin', 'create', '--email', 'admin@vendor.example', '--name', 'Анна Орлова'];
  return execFileSync(binary, password === undefined ? args : [...args, '--password-stdin'], {
    env: { ...process.env, PORTAL_DATA_DIR: dataDir, PORTAL_ADDR: `127.0.0.1:${port}`, LEPTOS_OUTPUT_NAME: 'portal', RUST_LOG: 'warn' },
    encoding: 'utf8',
    input: password === undefined ? undefined : `${password}\n`,
  });
}

test.describe('the first administrator of an empty install', () => {
  // The refused passwords and the spent link answer 422, which the browser logs.
  test.use({ baseURL, allowedConsoleErrors: [httpStatusConsoleError('422')] });

  let dataDir = '';
  let server: ChildProcess | undefined;

  test.beforeEach(async () => {
    await expectPortFree(port);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-empty-'));
  });

  test.afterEach(async ({}, testInfo) => {
    await stopPortal(server);
    if (testInfo.status === testInfo.expectedStatus) {
      fs.rmSync(dataDir, { recursive: true, force: true });
    } else if (fs.existsSync(path.join(dataDir, 'server.log'))) {
      await testInfo.attach('server.log', { path: path.join(dataDir, 'server.log'), contentType: 'text/plain' });
    }
  });

  test('creates the administrator by a link, who chooses a password and is signed in', async ({ page }) => {
    const printed = adminCreate(dataDir);
    const link = printed.match(/http:\/\/\S+\/password\/set\?token=[\w-]+/)?.[0];
    expect(link, printed).toBeTruthy();

    server = startPortal(port, dataDir, { PORTAL_E2E_DEMO: '0' });
    await waitUntilServing(port);

    await page.goto(link!);
    await waitForHydration(page);
    await expect(page.getByRole('heading', { name: 'Задайте пароль' })).toBeVisible();
    await expect(page.getByLabel('Учётная запись')).toHaveValue('admin@vendor.example');
    await shot(page, 'set-password');

    // Two different passwords, then a common one: the form says why and keeps the link usable.
    await page.getByLabel('Пароль', { exact: true }).fill('клубника-на-снегу');
    await page.getByLabel('Повторите пароль').fill('клубника-на-снегу!');
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await expect(page.getByText('Пароли не совпадают.')).toBeVisible();
    await page.getByLabel('Пароль', { exact: true }).fill('qwertyuiop');
    await page.getByLabel('Повторите пароль').fill('qwertyuiop');
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await expect(page.getByText('Такой пароль легко угадать — придумайте другой.')).toBeVisible();

    await page.getByLabel('Пароль', { exact: true }).fill('клубника-на-снегу');
    await page.getByLabel('Повторите пароль').fill('клубника-на-снегу');
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await expect(page).toHaveURL(/\/queue$/);
    await waitForHydration(page);
    await expect(page.locator('.app-header__user')).toHaveText('Анна Орлова');

    // The link worked once.
    await page.goto(link!);
    await waitForHydration(page);
    await expect(page.getByRole('heading', { name: 'Ссылка не работает' })).toBeVisible();
    await expect(page.getByText('Этой ссылкой уже воспользовались. Новую ссылку даст администратор портала.')).toBeVisible();
    await shot(page, 'set-password-used');
  });

  test('forgets the password and sets a new one through the e-mailed link', async ({ page }) => {
    adminCreate(dataDir, 'старый-пароль-2026');
    server = startPortal(port, dataDir, { PORTAL_E2E_DEMO: '0' });
    await waitUntilServing(port);

    await page.goto('/login');
    await waitForHydration(page);
    await page.getByRole('link', { name: 'Забыли пароль?' }).click();
    await expect(page.getByRole('heading', { name: 'Восстановление пароля' })).toBeVisible();
    await page.getByLabel('Email').fill('admin@vendor.example');
    await shot(page, 'forgot-password');
    await page.getByRole('button', { name: 'Отправить ссылку' }).click();
    await expect(page.getByRole('heading', { name: 'Проверьте почту' })).toBeVisible();
    await expect(page.getByRole('status')).toContainText('Ссылка действует 1 час');
    await shot(page, 'forgot-password-sent');

    const email = await emailTo(dataDir, 'admin@vendor.example', /\/password\/set\?token=/);
    expect(email).toContain('Задайте новый пароль по ссылке');
    await page.goto(linkIn(email, '/password/set?token='));
    await waitForHydration(page);
    await expect(page.getByRole('heading', { name: 'Новый пароль' })).toBeVisible();
    await page.getByLabel('Пароль', { exact: true }).fill('новый-пароль-2026');
    await page.getByLabel('Повторите пароль').fill('новый-пароль-2026');
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await expect(page).toHaveURL(/\/queue$/);
    await expect(page.locator('.app-header__user')).toHaveText('Анна Орлова');

    // The old password no longer opens the portal; the new one does.
    const signIn = (password: string) =>
      page.request.post('/api/login', { form: { email: 'admin@vendor.example', password }, headers: { Origin: baseURL } });
    expect((await signIn('старый-пароль-2026')).status()).toBe(401);
    expect((await signIn('новый-пароль-2026')).status()).toBe(200);
  });

  test('from an empty install to the first request that support sees in «Очередь»', async ({ page, browser }) => {
    adminCreate(dataDir, 'старый-пароль-2026');
    server = startPortal(port, dataDir, { PORTAL_E2E_DEMO: '0' });
    await waitUntilServing(port);
    await page.goto('/login');
    await waitForHydration(page);
    await page.getByLabel('Email', { exact: true }).fill('admin@vendor.example');
    await page.getByLabel('Пароль', { exact: true }).fill('старый-пароль-2026');
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect(page).toHaveURL(/\/queue$/);

    // The catalog: a product with one version.
    await page.goto('/admin/catalog');
    await waitForHydration(page);
    await page.getByLabel('Название нового продукта').fill('Гранит СУБД');
    await page.getByRole('button', { name: 'Добавить продукт' }).click();
    await expect(page.getByText('Добавлено.')).toBeVisible();
    await page.getByText('Добавить версию').click();
    await page.getByLabel('Номер новой версии — Гранит СУБД').fill('5.2');
    await page.getByRole('button', { name: 'Добавить — Гранит СУБД' }).click();
    await expect(page.locator('.catalog-node__name', { hasText: '5.2' })).toBeVisible();

    // The customer organization and its support certificate.
    await page.goto('/admin/organizations/new');
    await waitForHydration(page);
    await page.getByLabel('Название').fill('ООО «Север»');
    await page.getByRole('button', { name: 'Создать организацию' }).click();
    await expect(page.getByRole('heading', { name: 'ООО «Север»', level: 1 })).toBeVisible();
    await page.getByRole('link', { name: 'Выдать сертификат' }).click();
    await waitForHydration(page);
    await page.getByLabel('Номер').fill('ТП-2027-00100');
    const iso = (date: Date) => date.toISOString().slice(0, 10);
    await page.getByLabel('Действует с').fill(iso(new Date()));
    await page.getByLabel('Действует по').fill(iso(new Date(Date.now() + 365 * 86_400_000)));
    await page.getByLabel('Гранит СУБД').check();
    await page.getByRole('button', { name: 'Выдать' }).click();
    await expect(page.getByRole('row', { name: /ТП-2027-00100/ })).toBeVisible();

    // Two invitations: the customer and a support engineer.
    await page.getByRole('link', { name: 'Пригласить сотрудника' }).click();
    await waitForHydration(page);
    await page.getByLabel('Email').fill('irina@sever.test');
    await page.getByLabel('Имя и фамилия').fill('Ирина Иванова');
    await page.getByRole('button', { name: 'Отправить приглашение' }).click();
    await expect(page.getByText('Приглашение отправлено.')).toBeVisible();
    await page.goto('/admin/people/new');
    await waitForHydration(page);
    await page.getByLabel('Email').fill('petr@vendor.example');
    await page.getByLabel('Имя и фамилия').fill('Пётр Сидоров');
    await page.getByLabel('Роль').selectOption({ label: 'Инженер поддержки' });
    await page.getByRole('button', { name: 'Отправить приглашение' }).click();
    await expect(page.getByText('Приглашение отправлено.')).toBeVisible();

    /** Opens the invitation e-mail to `email` in a browser of its own and chooses a password. */
    const accept = async (email: string, landing: RegExp) => {
      const letter = await emailTo(dataDir, email, /\/password\/set\?token=/);
      const context = await browser.newContext({ baseURL, locale: 'ru-RU' });
      const person = await context.newPage();
      await person.goto(linkIn(letter, '/password/set?token='));
      await waitForHydration(person);
      await person.getByLabel('Пароль', { exact: true }).fill('северное-сияние-42');
      await person.getByLabel('Повторите пароль').fill('северное-сияние-42');
      await person.getByRole('button', { name: 'Сохранить пароль' }).click();
      await expect(person).toHaveURL(landing);
      await waitForHydration(person);
      return { context, person };
    };

    // Ирина's first request.
    const irina = await accept('irina@sever.test', /\/requests\/my$/);
    await irina.person.getByRole('link', { name: 'Создать запрос' }).first().click();
    await irina.person.getByRole('link', { name: /^Консультация по вопросам технической поддержки/ }).click();
    await waitForHydration(irina.person);
    await irina.person.getByRole('combobox', { name: /^Продукт/ }).selectOption({ label: 'Гранит СУБД' });
    await irina.person.getByRole('combobox', { name: /^Версия/ }).selectOption({ label: '5.2' });
    await irina.person.getByRole('tab', { name: 'Описание запроса' }).click();
    await irina.person.getByRole('textbox', { name: /^Тема запроса/ }).fill('Не стартует служба после обновления');
    await irina.person.getByRole('textbox', { name: /^Описание/ }).fill('После установки 5.2 служба СУБД останавливается с ошибкой.');
    await irina.person.getByRole('button', { name: 'Создать запрос' }).click();
    await expect(irina.person.getByRole('alertdialog')).toContainText('Запрос № 1001 создан');
    await shot(irina.person, 'empty-install-first-request');
    await irina.context.close();

    // Пётр sees it in «Очередь».
    const petr = await accept('petr@vendor.example', /\/queue$/);
    await expect(petr.person.getByRole('row', { name: /Не стартует служба после обновления/ })).toContainText('ООО «Север»');
    await shot(petr.person, 'empty-install-queue');
    await petr.context.close();
  });
});
