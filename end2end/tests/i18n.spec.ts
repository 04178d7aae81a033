import {
  ACCOUNTS,
  expect,
  httpStatusConsoleError,
  languageButton,
  languageSwitch,
  open,
  resetLanguageToRussian,
  signIn,
  signOut,
  submitLogin,
  test,
  waitForHydration,
} from './fixtures';
import type { Page } from '@playwright/test';

// These tests change the saved language of the accounts below. Each ends in
// Russian; if one fails half-way, the account is put back to Russian so the
// other tests (which expect the Russian default) are not affected.
const CUSTOMER = ACCOUNTS.vectorClient;
const CUSTOMER_FOR_PROFILE = ACCOUNTS.lyutikClient;
const STAFF = ACCOUNTS.manager;
const touchedAccounts = new Set<string>();

test.afterEach(async ({ browser }, testInfo) => {
  const accounts = [...touchedAccounts];
  touchedAccounts.clear();
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const email of accounts) {
    try {
      await resetLanguageToRussian(browser, email);
    } catch (error) {
      console.warn(`could not reset the language of ${email} to Russian: ${String(error)}`);
    }
  }
});

async function expectLanguage(page: Page, lang: 'ru' | 'en'): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(languageButton(page, lang === 'ru' ? 'RU' : 'EN')).toHaveAttribute('aria-pressed', 'true');
  await expect(languageButton(page, lang === 'ru' ? 'EN' : 'RU')).not.toHaveAttribute('aria-pressed', 'true');
}

/** Clicks RU/EN in the header; waits for the new language and hydration. */
async function switchLanguage(page: Page, lang: 'ru' | 'en'): Promise<void> {
  await languageButton(page, lang === 'ru' ? 'RU' : 'EN').click();
  await expectLanguage(page, lang);
  // The switch may reload the page: make sure the new document is hydrated.
  await waitForHydration(page);
}

test('Russian is the default interface language', async ({ page }) => {
  await open(page, '/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByRole('heading', { level: 1, name: 'Вход', exact: true })).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Пароль', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Войти', exact: true })).toBeVisible();
});

test('customer switches to English; the choice survives reload and sign-out', async ({ page }) => {
  test.slow(); // several full page loads, each waiting for hydration
  touchedAccounts.add(CUSTOMER.email);

  await signIn(page, CUSTOMER.email);
  await expectLanguage(page, 'ru');
  await expect(languageSwitch(page)).toHaveAccessibleName('Язык интерфейса');

  await switchLanguage(page, 'en');
  // The contract does not give the English name of the nav landmark: look for
  // the links on the whole page.
  await expect(page.getByRole('link', { name: 'My requests', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Organization requests', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Drafts', exact: true })).toBeVisible();
  await expect(page.locator('.app-nav').getByRole('link', { name: 'Create request', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  await expect(languageSwitch(page)).toHaveAccessibleName('Interface language');
  await expect(page.getByRole('link', { name: 'Мои запросы', exact: true })).toHaveCount(0);

  await page.reload();
  await waitForHydration(page);
  await expectLanguage(page, 'en');
  await expect(page.getByRole('link', { name: 'My requests', exact: true })).toBeVisible();

  await open(page, '/drafts');
  await expect(page.getByRole('heading', { level: 2, name: 'No drafts', exact: true })).toBeVisible();

  await signOut(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();

  await signIn(page, CUSTOMER.email);
  await expectLanguage(page, 'en');
  await switchLanguage(page, 'ru');
  await expect(page.getByRole('link', { name: 'Мои запросы', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Выйти', exact: true })).toBeVisible();

  await page.reload();
  await waitForHydration(page);
  await expectLanguage(page, 'ru');
});

test('the chosen language is saved to the profile', async ({ page }) => {
  test.slow();
  touchedAccounts.add(CUSTOMER_FOR_PROFILE.email);

  await signIn(page, CUSTOMER_FOR_PROFILE.email);
  await switchLanguage(page, 'en');

  // A browser without the session and language cookies: the login page is in
  // Russian, and the profile brings English back after signing in.
  await page.context().clearCookies();
  await open(page, '/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await signIn(page, CUSTOMER_FOR_PROFILE.email);
  await expectLanguage(page, 'en');
  await expect(page.getByRole('link', { name: 'My requests', exact: true })).toBeVisible();

  await switchLanguage(page, 'ru');
  await expect(page.getByRole('link', { name: 'Мои запросы', exact: true })).toBeVisible();
});

test.describe('staff in English', () => {
  // The 403 page and the rejected sign-in are logged by Chromium as console errors.
  test.use({ allowedConsoleErrors: [httpStatusConsoleError('4\\d\\d')] });

  test('staff texts, access denied and wrong credentials in English', async ({ page }) => {
    test.slow();
    touchedAccounts.add(STAFF.email);

    await signIn(page, STAFF.email);
    await switchLanguage(page, 'en');
    await expect(page.locator('.app-header__org')).toHaveText('Support team');
    await expect(page.getByRole('link', { name: 'Queue', exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1, name: 'Queue', exact: true })).toBeVisible();
    await expect(page.getByText(/^Found: \d+ requests?$/)).toBeVisible();
    await expect(page.getByRole('cell', { name: 'In progress' }).first()).toBeVisible();

    const response = await open(page, '/requests/my');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1, name: 'Access denied', exact: true })).toBeVisible();

    await signOut(page);
    await submitLogin(page, STAFF.email, 'not-the-password');
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('Wrong email or password');
    await expect(page.getByLabel('Email', { exact: true })).toHaveValue(STAFF.email);

    // signIn() waits for the (possibly reloaded) login page to hydrate first.
    await signIn(page, STAFF.email);
    await switchLanguage(page, 'ru');
    await expect(page.getByRole('link', { name: 'Очередь', exact: true })).toBeVisible();
    await expect(page.locator('.app-header__org')).toHaveText('Служба поддержки');
  });
});
