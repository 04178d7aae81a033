import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { expect, httpStatusConsoleError, shot, signIn, test, waitForHydration } from './fixtures';
import { emailTo, linkIn } from './outbox';
import { expectPortFree, portalURL, startPortal, stopPortal, waitUntilServing } from './own-portal';

/*
 * «Администрирование» as the portal administrator of the demo: a new organization with its
 * requisites (a wrong ИНН is refused at its field) and a support certificate, a person invited
 * into it, who opens the invitation e-mail (read from the outbox), chooses a password and lands
 * in «Мои запросы»;
 * then the organization is switched off and its person can no longer sign in.
 *
 * Runs its own demo portal (PORTAL_E2E_ADMIN_PORT, default 3173) so the outbox is readable
 * and the shared server's data stays as the other tests expect it.
 */

const port = process.env.PORTAL_E2E_ADMIN_PORT ?? '3173';
const baseURL = portalURL(port);

test.describe('the portal administrator', () => {
  // Refused forms answer 422 and a switched-off person's sign-in 401, which the browser logs. (One
  // pattern: Playwright would read a two-element option array as [value, options].)
  test.use({ baseURL, allowedConsoleErrors: [httpStatusConsoleError('(?:401|422)')] });

  let dataDir = '';
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    await expectPortFree(port);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-admin-'));
    server = startPortal(port, dataDir, { PORTAL_E2E_DEMO: '1' });
    await waitUntilServing(port);
  });

  test.afterAll(async () => {
    await stopPortal(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('creates an organization, invites its first person and switches it off', async ({ page, browser }) => {
    await signIn(page, 'admin@support.test');
    await page.getByRole('navigation', { name: 'Основная навигация' }).getByRole('link', { name: 'Администрирование' }).click();
    await expect(page.getByRole('heading', { name: 'Организации', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'ООО «Ромашка»' })).toBeVisible();
    await shot(page, 'admin-organizations');

    await page.getByRole('link', { name: 'Добавить организацию' }).first().click();
    await waitForHydration(page);
    await page.getByLabel('Название').fill('ООО «Берёзка»');
    await page.getByLabel('ИНН').fill('7707083894');
    await page.getByRole('button', { name: 'Создать организацию' }).click();
    await expect(page.getByText('контрольная цифра не сходится')).toBeVisible();
    await page.getByLabel('ИНН').fill('7707083893');
    await page.getByLabel('КПП').fill('773601001');
    await page.getByLabel('Контактный e-mail').fill('office@berezka.test');
    await shot(page, 'admin-new-organization');
    await page.getByRole('button', { name: 'Создать организацию' }).click();
    await expect(page.getByRole('heading', { name: 'ООО «Берёзка»', level: 1 })).toBeVisible();
    await expect(page.getByLabel('КПП')).toHaveValue('773601001');
    const cardURL = page.url();

    // A support certificate for one product.
    await page.getByRole('link', { name: 'Выдать сертификат' }).click();
    await waitForHydration(page);
    await page.getByLabel('Вид').selectOption({ label: 'Техническая поддержка' });
    await page.getByLabel('Номер').fill('ТП-2027-00001');
    const today = new Date();
    const iso = (date: Date) => date.toISOString().slice(0, 10);
    await page.getByLabel('Действует с').fill(iso(today));
    await page.getByLabel('Действует по').fill(iso(new Date(today.getTime() + 20 * 86_400_000)));
    await page.getByRole('button', { name: 'Выдать' }).click();
    await expect(page.getByText('Отметьте продукты, на которые распространяется поддержка')).toBeVisible();
    await page.getByLabel('Astra Linux Special Edition').check();
    await shot(page, 'admin-new-certificate');
    await page.getByRole('button', { name: 'Выдать' }).click();
    await expect(page).toHaveURL(cardURL);
    await expect(page.getByRole('row', { name: /ТП-2027-00001/ })).toContainText('Astra Linux Special Edition');
    await page.getByRole('navigation', { name: 'Разделы администрирования' }).getByRole('link', { name: 'Сертификаты' }).click();
    await expect(page.getByRole('row', { name: /ТП-2027-00001/ })).toContainText('ООО «Берёзка»');
    await shot(page, 'admin-certificates');
    await page.goto(cardURL);
    await waitForHydration(page);

    await page.getByRole('link', { name: 'Пригласить сотрудника' }).click();
    await waitForHydration(page);
    await expect(page.getByLabel('Организация')).toHaveValue(/\d+/);
    await page.getByLabel('Email').fill('pavel@berezka.test');
    await page.getByLabel('Имя и фамилия').fill('Павел Зайцев');
    await page.getByLabel('Роль').selectOption({ label: 'Администратор организации' });
    await shot(page, 'admin-invite');
    await page.getByRole('button', { name: 'Отправить приглашение' }).click();
    await expect(page.getByText('Приглашение отправлено.')).toBeVisible();
    await expect(page.getByRole('row', { name: /Павел Зайцев/ })).toContainText('Приглашён');
    await shot(page, 'admin-people-invited');

    // Павел opens the e-mail, chooses a password and is in his organization's portal.
    const email = await emailTo(dataDir, 'pavel@berezka.test', /\/password\/set\?token=/);
    expect(email).toContain('ООО «Берёзка»');
    const pavel = await browser.newContext({ baseURL });
    const pavelPage = await pavel.newPage();
    await pavelPage.goto(linkIn(email, '/password/set?token='));
    await waitForHydration(pavelPage);
    await expect(pavelPage.getByRole('heading', { name: 'Задайте пароль' })).toBeVisible();
    await pavelPage.getByLabel('Пароль', { exact: true }).fill('берёзовая-роща-7');
    await pavelPage.getByLabel('Повторите пароль').fill('берёзовая-роща-7');
    await pavelPage.getByRole('button', { name: 'Сохранить пароль' }).click();
    await expect(pavelPage).toHaveURL(/\/requests\/my$/);
    await expect(pavelPage.locator('.app-header__user')).toHaveText('Павел Зайцев');

    // His sign-in shows on the card; switching the organization off ends his session.
    await page.goto(cardURL);
    await waitForHydration(page);
    await expect(page.getByRole('row', { name: /Павел Зайцев/ })).not.toContainText('не входил');
    await page.getByRole('button', { name: 'Отключить организацию' }).click();
    await expect(page.getByText('Организация отключена: её сотрудники не могут войти в портал.')).toBeVisible();
    await shot(page, 'admin-organization-card');
    await pavelPage.goto('/requests/my');
    await expect(pavelPage).toHaveURL(/\/login\?next=/);
    await pavel.close();
  });

  test('reads who changed what in «Журнал изменений»', async ({ page }) => {
    await signIn(page, 'admin@support.test');
    await page.goto('/admin/organizations');
    await page.getByRole('link', { name: 'АО «Вектор»' }).click();
    await waitForHydration(page);
    await page.getByLabel('Контактный e-mail').fill('support@vektor.test');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await expect(page.getByText('Изменения сохранены.')).toBeVisible();

    // The card links to the organization's part of the journal: the edit, field by field.
    await page.getByRole('link', { name: 'Журнал изменений организации' }).click();
    await expect(page.getByRole('heading', { name: 'Журнал изменений', level: 1 })).toBeVisible();
    await expect(page.getByLabel('Организация')).toHaveValue(/\d+/);
    const edit = page.getByRole('row', { name: /Организация: изменение/ }).first();
    await expect(edit).toContainText('Дмитрий Орлов');
    await expect(edit).toContainText('Контактный e-mail');
    await expect(edit).toContainText('support@vektor.test');
    await shot(page, 'admin-audit');

    // The filters are a form in the address: «Раздел» → only people.
    await page.goto('/admin/audit');
    await waitForHydration(page);
    await page.getByLabel('Раздел', { exact: true }).selectOption({ label: 'Люди' });
    await page.getByRole('button', { name: 'Найти' }).click();
    await expect(page).toHaveURL(/area=people/);
    await expect(page.getByRole('row', { name: /Организация: изменение/ })).toHaveCount(0);
    await page.getByLabel('С даты').fill('2030-01-02');
    await page.getByLabel('По дату').fill('2030-01-01');
    await page.getByRole('button', { name: 'Найти' }).click();
    await expect(page.getByText('Конец периода не может быть раньше его начала')).toBeVisible();
  });
});
