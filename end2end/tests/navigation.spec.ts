import {
  ACCOUNTS,
  expect,
  expectLoginRedirect,
  httpStatusConsoleError,
  open,
  signIn,
  signOut,
  test,
} from './fixtures';

const PROTECTED_PAGES = ['/requests/my', '/requests/org', '/drafts', '/requests/new', '/queue'];

test.describe('anonymous visitor', () => {
  for (const path of PROTECTED_PAGES) {
    test(`is redirected from ${path} to /login?next=…`, async ({ page }) => {
      await page.goto(path);
      await expectLoginRedirect(page, path);
      await expect(page.getByRole('heading', { level: 1, name: 'Вход', exact: true })).toBeVisible();
    });
  }

  test('deep link /requests/org survives the sign-in', async ({ page }) => {
    await page.goto('/requests/org');
    await expect(page).toHaveURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/requests/org');

    // signIn() stays on this /login?next=… page instead of opening /login.
    await signIn(page, ACCOUNTS.romashkaClient.email);
    await expect(page).toHaveURL(/\/requests\/org$/);
    await expect(page.locator('.app-header__user')).toHaveText(ACCOUNTS.romashkaClient.name);
  });
});

test.describe('role denial', () => {
  // The denial page is served with HTTP 403, which Chromium logs as a console error.
  test.use({ allowedConsoleErrors: [httpStatusConsoleError(403)] });

  test('a customer opening /queue gets «Нет доступа» (403)', async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
    const response = await open(page, '/queue');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1, name: 'Нет доступа', exact: true })).toBeVisible();
    await expect(page).toHaveURL((url) => url.pathname === '/queue');
  });

  test('a support agent opening /requests/my gets «Нет доступа» (403)', async ({ page }) => {
    await signIn(page, ACCOUNTS.agent.email);
    const response = await open(page, '/requests/my');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1, name: 'Нет доступа', exact: true })).toBeVisible();
    await expect(page).toHaveURL((url) => url.pathname === '/requests/my');
  });
});

/*
 * EMPTY STATES — update this test when demo requests/drafts get seeded.
 *
 * Only pages that stay empty with the current demo data are checked here.
 * The other empty-state headings of the contract, for when a test needs them:
 *   /requests/my   «У вас пока нет запросов»
 *   /requests/org  «В организации пока нет запросов»
 */
test('empty states: /drafts «Черновиков нет», /queue «Очередь пуста»', async ({ page }) => {
  await signIn(page, ACCOUNTS.romashkaClient.email);
  await open(page, '/drafts');
  await expect(page.getByRole('heading', { level: 2, name: 'Черновиков нет', exact: true })).toBeVisible();

  await signOut(page);
  await signIn(page, ACCOUNTS.agent.email);
  await expect(page).toHaveURL((url) => url.pathname === '/queue');
  await expect(page.getByRole('heading', { level: 2, name: 'Очередь пуста', exact: true })).toBeVisible();
});
