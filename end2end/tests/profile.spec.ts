import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, httpStatusConsoleError, shot, signIn, test, waitForHydration } from './fixtures';
import { expectPortFree, portalURL, startPortal, stopPortal, waitUntilServing } from './own-portal';

/*
 * «Профиль» as Иван Петров (a customer of the demo): the name and time zone change and the
 * header and the times on the page follow; an e-mail kind is switched off and stays off; the
 * password changes, which signs his other browser out while this one stays in; then another
 * session is ended with «Завершить».
 *
 * Runs its own demo portal (PORTAL_E2E_PROFILE_PAGE_PORT, default 3174): it changes Иван's password.
 */

const port = process.env.PORTAL_E2E_PROFILE_PAGE_PORT ?? '3174';
const baseURL = portalURL(port);
const IVAN = 'client@romashka.test';
const NEW_PASSWORD = 'klubnika-na-snegu';

/** The hour of the first «Вход» time in «Активные сеансы» (this session comes first). */
async function signedInHour(page: Page): Promise<number> {
  const text = await page.locator('.session--current .session__facts dd').first().innerText();
  const match = /(\d{2}):(\d{2})$/.exec(text.trim());
  expect(match, `a time in «${text}»`).not.toBeNull();
  return Number(match![1]);
}

test.describe('the profile', () => {
  // A refused current password answers 422, which the browser logs.
  test.use({ baseURL, allowedConsoleErrors: [httpStatusConsoleError('422')] });

  let dataDir = '';
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    await expectPortFree(port);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-profile-'));
    server = startPortal(port, dataDir, { PORTAL_E2E_DEMO: '1' });
    await waitUntilServing(port);
  });

  test.afterAll(async () => {
    await stopPortal(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('edits the data, e-mails, password and sessions', async ({ page, browser }) => {
    // Two browsers, four forms and several full page loads.
    test.setTimeout(120_000);
    // A second browser of Иван, to be signed out by the password change.
    const otherContext = await browser.newContext({ baseURL });
    const other = await otherContext.newPage();
    await signIn(other, IVAN);
    await signIn(page, IVAN);

    await page.getByRole('banner').getByRole('link', { name: 'Иван Петров' }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await waitForHydration(page);
    await expect(page.getByRole('heading', { name: 'Профиль', level: 1 })).toBeVisible();
    const moscowHour = await signedInHour(page);

    // A wrong phone is refused at its field; then the name and the zone are saved.
    await page.getByLabel('Телефон').fill('позвоните мне');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await expect(page.getByText('Телефон — это от 5 до 20 цифр')).toBeVisible();
    await page.getByLabel('Телефон').fill('+7 495 123-45-67');
    await page.getByLabel('Имя и фамилия').fill('Иван Сидоров');
    await page.getByLabel('Часовой пояс').selectOption('Asia/Vladivostok');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await page.waitForURL(/done=saved/);
    await waitForHydration(page);
    await expect(page.getByRole('status').filter({ hasText: 'Данные сохранены.' })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('link', { name: 'Иван Сидоров' })).toBeVisible();
    await expect(page.getByLabel('Часовой пояс')).toHaveValue('Asia/Vladivostok');
    // Vladivostok is seven hours ahead of Moscow.
    expect((await signedInHour(page) - moscowHour + 24) % 24).toBe(7);
    await shot(page, 'profile');

    // «Какие письма получать»: «Новое сообщение» off, and it stays off.
    const newMessage = page.getByLabel('Новое сообщение в запросе');
    await expect(newMessage).toBeChecked();
    await newMessage.uncheck();
    await page.getByRole('button', { name: 'Сохранить выбор' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Выбор писем сохранён.' })).toBeVisible();
    await page.reload();
    await waitForHydration(page);
    await expect(page.getByLabel('Новое сообщение в запросе')).not.toBeChecked();
    await expect(page.getByLabel('Запрос решён')).toBeChecked();

    // Two sessions are listed, this one marked.
    const sessions = page.locator('.session');
    await expect(sessions).toHaveCount(2);
    await expect(page.locator('.session--current')).toContainText('Этот сеанс');

    // «Сменить пароль»: a wrong current password is refused at its field.
    await page.getByLabel('Текущий пароль').fill('не-тот-пароль');
    await page.locator('#new_password').fill(NEW_PASSWORD);
    await page.getByLabel('Повторите новый пароль').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await expect(page.getByText('Текущий пароль указан неверно')).toBeVisible();
    await page.getByLabel('Текущий пароль').fill('demo-password');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Пароль изменён.' })).toBeVisible();
    await expect(sessions).toHaveCount(1);

    // The other browser is signed out; this one is not.
    await other.goto('/requests/my');
    await expect(other).toHaveURL(/\/login/);
    await page.goto('/requests/my');
    await waitForHydration(page);
    await expect(page).toHaveURL(/\/requests\/my$/);

    // The other browser signs in with the new password, and this one ends that session.
    await signIn(other, IVAN, NEW_PASSWORD);
    await page.goto('/profile');
    await waitForHydration(page);
    await expect(sessions).toHaveCount(2);
    await page.locator('.session:not(.session--current)').getByRole('button', { name: /Завершить сеанс/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Сеанс завершён.' })).toBeVisible();
    await expect(sessions).toHaveCount(1);
    await expect(page.getByText('Других сеансов нет.')).toBeVisible();
    await other.goto('/requests/my');
    await expect(other).toHaveURL(/\/login/);

    // Narrow screens: nothing sticks out sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'profile-narrow');
    await otherContext.close();
  });
});
