import { ACCOUNTS, DEMO_PASSWORD, expect, httpStatusConsoleError, test } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * The first seconds of every visit, and browsers where the wasm never runs: the pages as the
 * server sends them, with JavaScript switched off (project `no-javascript`). Nothing here may
 * wait for hydration.
 */

test.use({ allowedConsoleErrors: [httpStatusConsoleError('4\\d\\d')] });

async function submitPlainLogin(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await page.waitForLoadState('load');
}

/** No page may be left saying «Загрузка…»: its content must be in the HTML. */
async function expectNoLoadingPlaceholder(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: /^(Загрузка…|Loading…)$/ })).toHaveCount(0);
  await expect(page.locator('.page-loading')).toHaveCount(0);
}

test.describe('sign-in without JavaScript', () => {
  test('a wrong password shows the page with the message and keeps the e-mail', async ({ page }) => {
    const email = ACCOUNTS.romashkaClient.email;
    await submitPlainLogin(page, email, `${DEMO_PASSWORD}-wrong`);
    await expect(page).toHaveURL((url) => url.pathname === '/login');
    await expect(page.getByRole('heading', { level: 1, name: 'Вход', exact: true })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('Неверный email или пароль');
    await expect(page.getByLabel('Email', { exact: true })).toHaveValue(email);
    await expect(page.getByLabel('Пароль', { exact: true })).toHaveValue('');
    // Never the server function's raw answer.
    await expect(page.locator('body')).not.toContainText('WrongCredentials');
    expect(page.url()).not.toContain(DEMO_PASSWORD);
  });

  test('empty fields show the field message, never JSON', async ({ page }) => {
    await submitPlainLogin(page, '', '');
    await expect(page).toHaveURL((url) => url.pathname === '/login');
    await expect(page.locator('#email-error')).toHaveText('Заполните это поле');
    await expect(page.locator('body')).not.toContainText('Invalid');
    await expect(page.locator('body')).not.toContainText('{');
  });

  test('a malformed e-mail names the field', async ({ page }) => {
    await submitPlainLogin(page, 'not-an-address', DEMO_PASSWORD);
    await expect(page).toHaveURL((url) => url.pathname === '/login');
    await expect(page.locator('#email-error')).not.toBeEmpty();
    await expect(page.getByLabel('Email', { exact: true })).toHaveValue('not-an-address');
  });

  test('the right password signs in and the lists render their content', async ({ page }) => {
    await submitPlainLogin(page, ACCOUNTS.romashkaClient.email, DEMO_PASSWORD);
    await expect(page).toHaveURL((url) => url.pathname === '/requests/my');
    await expect(page.getByRole('heading', { level: 1, name: 'Мои запросы', exact: true })).toBeVisible();
    await expectNoLoadingPlaceholder(page);
    await expect(page.locator('.requests-table tbody tr').first()).toBeVisible();

    await page.getByRole('link', { name: 'Запросы организации', exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/requests/org');
    await expect(page.getByRole('heading', { level: 1, name: 'Запросы организации', exact: true })).toBeVisible();
    await expectNoLoadingPlaceholder(page);
    await expect(page.locator('.requests-table tbody tr').first()).toBeVisible();

    // The list's filter form is a plain GET form: it works without JavaScript.
    await page.getByLabel('Статус', { exact: true }).selectOption({ label: 'Решено' });
    await page.getByRole('button', { name: /^Найти|Применить/ }).click();
    await expect(page).toHaveURL((url) => url.searchParams.get('status') === 'resolved');
    await expectNoLoadingPlaceholder(page);
  });
});

test.describe('«Создать запрос» without JavaScript', () => {
  test.beforeEach(async ({ page }) => {
    await submitPlainLogin(page, ACCOUNTS.romashkaClient.email, DEMO_PASSWORD);
  });

  test('the type chooser renders its links', async ({ page }) => {
    await page.goto('/requests/new');
    await expectNoLoadingPlaceholder(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Создать запрос', exact: true })).toBeVisible();
    await expect(page.locator('.type-card').first()).toBeVisible();
    await page.locator('a.type-card').first().click();
    await expect(page).toHaveURL((url) => url.searchParams.has('type'));
    await expect(page.locator('form.request-form')).toBeVisible();
  });

  test('the form says JavaScript is required and never sends the text in the URL', async ({ page }) => {
    await page.goto('/requests/new?type=commercial');
    await expectNoLoadingPlaceholder(page);
    const form = page.locator('form.request-form');
    await expect(form).toBeVisible();
    await expect(form).toHaveAttribute('method', 'post');
    await expect(page.getByText(/включите JavaScript/)).toBeVisible();
    const submit = form.getByRole('button', { name: 'Создать запрос', exact: true });
    await expect(submit).toBeDisabled();

    // Enter in the subject field would submit a form with an enabled button: nothing happens.
    const subject = page.locator('#subject');
    await subject.fill('Секретная тема запроса');
    await subject.press('Enter');
    await page.waitForTimeout(300);
    expect(page.url()).not.toContain('subject=');
    expect(page.url()).not.toContain(encodeURIComponent('Секретная'));
  });
});
