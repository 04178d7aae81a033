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
 * Empty and filled lists. Demo data seeds six requests for «ООО «Ромашка»» and no drafts; other
 * tests may add requests, so the queue is checked for the demo rows, not for a total.
 */
test('drafts are empty, the queue lists the demo requests, a search with no match says so', async ({ page }) => {
  // Not Ромашка's client: the request-form tests leave autosaved drafts behind.
  await signIn(page, ACCOUNTS.lyutikClient.email);
  await open(page, '/drafts');
  await expect(page.getByRole('heading', { level: 2, name: 'Черновиков нет', exact: true })).toBeVisible();

  await signOut(page);
  await signIn(page, ACCOUNTS.agent.email);
  await expect(page).toHaveURL((url) => url.pathname === '/queue');
  await expect(page.getByText(/^Найдено: \d+ запрос/)).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Миграция 120 рабочих мест с Windows на Astra Linux' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'ООО «Ромашка»' }).first()).toBeVisible();

  await open(page, '/queue?q=' + encodeURIComponent('такой темы точно нет'));
  await expect(page.getByRole('heading', { level: 2, name: 'Ничего не найдено', exact: true })).toBeVisible();
});
