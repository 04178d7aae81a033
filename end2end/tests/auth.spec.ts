import {
  ACCOUNTS,
  ALL_ACCOUNTS,
  DEMO_PASSWORD,
  expect,
  expectLoginRedirect,
  httpStatusConsoleError,
  landingPath,
  open,
  signIn,
  signOut,
  submitLogin,
  test,
} from './fixtures';
import { expectNavigationFor } from './nav-contract';

test.describe('sign-in and sign-out', () => {
  for (const account of ALL_ACCOUNTS) {
    test(`${account.role} ${account.email} signs in, sees their header and navigation, signs out`, async ({ page }) => {
      const landing = landingPath(account);

      await signIn(page, account.email);
      await expect(page).toHaveURL((url) => url.pathname === landing);

      const banner = page.getByRole('banner');
      await expect(banner.locator('.app-header__user')).toHaveText(account.name);
      await expect(banner.locator('.app-header__org')).toHaveText(account.org);

      await expectNavigationFor(page, account, landing);

      await signOut(page);
      await page.goto(landing);
      await expectLoginRedirect(page, landing);
      await expect(page.getByRole('heading', { level: 1, name: 'Вход', exact: true })).toBeVisible();
    });
  }
});

test.describe('wrong credentials', () => {
  // The rejected sign-in may be answered with a 4xx status, which Chromium
  // logs as a console error; anything else in the console still fails.
  test.use({ allowedConsoleErrors: [httpStatusConsoleError('4\\d\\d')] });

  test('wrong password shows an alert and keeps the typed email', async ({ page }) => {
    const email = ACCOUNTS.romashkaClient.email;
    await open(page, '/login');
    await expect(page.getByRole('heading', { level: 1, name: 'Вход', exact: true })).toBeVisible();

    await submitLogin(page, email, `${DEMO_PASSWORD}-wrong`);

    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    await expect(alert).toHaveText('Неверный email или пароль');
    await expect(page).toHaveURL((url) => url.pathname === '/login');
    await expect(page.getByLabel('Email', { exact: true })).toHaveValue(email);
    await expect(page.getByRole('button', { name: 'Выйти', exact: true })).toHaveCount(0);
  });
});
