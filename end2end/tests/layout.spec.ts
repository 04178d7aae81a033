import { ACCOUNTS, expect, open, shot, signIn, test } from './fixtures';
import type { Page } from '@playwright/test';

const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
] as const;

/** The page must not scroll horizontally. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `document is ${scrollWidth}px wide in a ${innerWidth}px window`).toBeLessThanOrEqual(innerWidth);
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test('/login fits the window', async ({ page }) => {
      await open(page, '/login');
      await expect(page.getByRole('heading', { level: 1, name: 'Вход', exact: true })).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await shot(page, `login-${viewport.width}`);
    });

    test('/requests/my fits the window', async ({ page }) => {
      await signIn(page, ACCOUNTS.romashkaClient.email);
      await expect(page).toHaveURL((url) => url.pathname === '/requests/my');
      await expect(page.getByRole('banner')).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await shot(page, `my-requests-${viewport.width}`);
    });

    test('/queue/new fits the window', async ({ page }) => {
      await signIn(page, ACCOUNTS.agent.email);
      await open(page, '/queue/new');
      await page.getByLabel('Организация').selectOption({ label: 'ООО «Ромашка»' });
      await page.getByLabel('Тип запроса').selectOption({ label: 'Запрос на услуги' });
      await expect(page.getByRole('button', { name: 'Выбрать', exact: true })).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await shot(page, `register-request-${viewport.width}`);
    });
  });
}

test.describe('at 1280x800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('/queue fits the window', async ({ page }) => {
    await signIn(page, ACCOUNTS.agent.email);
    await expect(page).toHaveURL((url) => url.pathname === '/queue');
    await expect(page.getByRole('banner')).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'queue-1280');
  });
});

test('keyboard: Tab from the top reaches the skip link first, then the Email field', async ({ page }) => {
  await open(page, '/login');
  const skipLink = page.getByRole('link', { name: 'Перейти к содержимому', exact: true });
  const email = page.getByLabel('Email', { exact: true });

  // "From the top": nothing may be focused yet (no autofocus on the form).
  expect(await page.evaluate(() => document.activeElement === document.body || document.activeElement === null)).toBe(true);

  await page.keyboard.press('Tab');
  await expect(skipLink).toBeFocused();
  await expect(skipLink).toBeVisible();

  // The header (e.g. the language switch) may come before the form: go on
  // tabbing, a bounded number of times, until the Email field has the focus.
  const MAX_TABS = 15;
  let tabs = 0;
  while (!(await email.evaluate((el) => el === document.activeElement)) && tabs < MAX_TABS) {
    await page.keyboard.press('Tab');
    tabs += 1;
  }
  await expect(email, `Email should get the focus within ${MAX_TABS} more Tabs after the skip link`).toBeFocused();
});
