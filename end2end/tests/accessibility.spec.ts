import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import {
  ACCOUNTS,
  expect,
  languageButton,
  open,
  resetLanguageToRussian,
  signIn,
  test,
  waitForHydration,
} from './fixtures';

/*
 * axe-core on every main page, in Russian and in English, for each role that sees it
 * (WCAG 2.1 A and AA rules). A violation fails the test with the page, the rule and the number
 * of elements, so the report says what to fix.
 */

type Language = 'ru' | 'en';

const PAGES_BY_ROLE = [
  { account: null, pages: ['/login'] },
  {
    account: ACCOUNTS.romashkaClient,
    pages: ['/requests/my', '/requests/org', '/requests/new', '/requests/new?type=technical_support', '/requests/1001', '/requests/1004', '/drafts'],
  },
  { account: ACCOUNTS.romashkaAdmin, pages: ['/requests/authorless', '/org/members'] },
  { account: ACCOUNTS.agent, pages: ['/queue', '/queue/new', '/kb', '/kb/new', '/requests/1002', '/profile'] },
];

/** The rule, the number of elements and the first element's selector of each violation. */
async function violations(page: Page, path: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map(
    (violation) => `${path}: ${violation.id} (${violation.nodes.length}×, e.g. ${violation.nodes[0]?.target.join(' ')}): ${violation.help}`,
  );
}

async function chooseLanguage(page: Page, language: Language): Promise<void> {
  if (language === 'ru') return;
  await languageButton(page, 'EN').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await waitForHydration(page);
}

for (const language of ['ru', 'en'] as const) {
  for (const { account, pages } of PAGES_BY_ROLE) {
    const who = account ? account.email : 'anonymous';
    test(`no axe violations for ${who} in ${language}`, async ({ page, browser }) => {
      // axe takes a few seconds per page on a busy 2-core machine.
      test.setTimeout(180_000);
      try {
        if (account) {
          await signIn(page, account.email);
        } else {
          await open(page, '/login');
        }
        await chooseLanguage(page, language);
        const found: string[] = [];
        for (const path of pages) {
          await open(page, path);
          await expect(page.locator('html')).toHaveAttribute('lang', language);
          found.push(...(await violations(page, path)));
        }
        expect(found, found.join('\n')).toEqual([]);
      } finally {
        // The language is saved with the account: leave it Russian for the other tests.
        if (account && language === 'en') await resetLanguageToRussian(browser, account.email);
      }
    });
  }
}

// The check itself: an image without a text alternative must be reported.
test('the axe check reports a real violation', async ({ page }) => {
  await open(page, '/login');
  await page.evaluate(() => {
    const image = document.createElement('img');
    image.src = '/favicon.svg';
    document.querySelector('main')?.appendChild(image);
  });
  expect(await violations(page, '/login')).toEqual([expect.stringContaining('image-alt')]);
});
