import path from 'node:path';
import {
  test as base,
  expect,
  type Browser,
  type ConsoleMessage,
  type Locator,
  type Page,
  type Response,
} from '@playwright/test';

export { expect };

/** Password of every seeded demo account. */
export const DEMO_PASSWORD = 'demo-password';

export type Role = 'customer' | 'org_admin' | 'support_agent' | 'manager';

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  /** Text of `.app-header__org`: the organization, or «Служба поддержки» for staff. */
  org: string;
}

export const STAFF_ORG_LABEL = 'Служба поддержки';

/** The demo data seeded by start-server.sh. */
export const ACCOUNTS = {
  romashkaClient: {
    email: 'client@romashka.test',
    name: 'Иван Петров',
    role: 'customer',
    org: 'ООО «Ромашка»',
  },
  romashkaColleague: {
    email: 'colleague@romashka.test',
    name: 'Мария Соколова',
    role: 'customer',
    org: 'ООО «Ромашка»',
  },
  romashkaAdmin: {
    email: 'admin@romashka.test',
    name: 'Ольга Кузнецова',
    role: 'org_admin',
    org: 'ООО «Ромашка»',
  },
  vectorClient: {
    email: 'client@vector.test',
    name: 'Сергей Волков',
    role: 'customer',
    org: 'АО «Вектор»',
  },
  lyutikClient: {
    email: 'client@lyutik.test',
    name: 'Анна Лютикова',
    role: 'customer',
    org: 'ИП Лютиков',
  },
  agent: {
    email: 'agent@support.test',
    name: 'Алексей Смирнов',
    role: 'support_agent',
    org: STAFF_ORG_LABEL,
  },
  manager: {
    email: 'manager@support.test',
    name: 'Елена Морозова',
    role: 'manager',
    org: STAFF_ORG_LABEL,
  },
} as const satisfies Record<string, DemoAccount>;

export const ALL_ACCOUNTS: readonly DemoAccount[] = Object.values(ACCOUNTS);

export function isStaff(account: DemoAccount): boolean {
  return account.role === 'support_agent' || account.role === 'manager';
}

/** Where an account lands after signing in without a `next` parameter. */
export function landingPath(account: DemoAccount): string {
  return isStaff(account) ? '/queue' : '/requests/my';
}

// ---------------------------------------------------------------------------
// Browser error guard
// ---------------------------------------------------------------------------

/**
 * Chromium's console line for a document or fetch answered with `status`,
 * e.g. the 403 page. Use with `test.use({ allowedConsoleErrors: [...] })`.
 */
export function httpStatusConsoleError(status: number | string): RegExp {
  return new RegExp(`the server responded with a status of ${status}\\b`);
}

type PortalFixtures = {
  /**
   * Console errors matching one of these are expected in a test (e.g. the
   * "Failed to load resource … 403" line Chromium logs for the 403 page).
   * Set it with `test.use({ allowedConsoleErrors: [/…/] })` in a describe.
   */
  allowedConsoleErrors: RegExp[];
  /** Automatic: fails the test if the page logged console errors or threw. */
  browserErrorGuard: void;
};

export const test = base.extend<PortalFixtures>({
  allowedConsoleErrors: [[], { option: true }],

  browserErrorGuard: [
    async ({ page, allowedConsoleErrors }, use, testInfo) => {
      const problems: string[] = [];

      const onConsole = (msg: ConsoleMessage) => {
        if (msg.type() !== 'error') return;
        const text = msg.text();
        if (allowedConsoleErrors.some((re) => re.test(text))) return;
        const { url, lineNumber, columnNumber } = msg.location();
        const where = url ? ` (${url}:${lineNumber}:${columnNumber})` : '';
        problems.push(`console.error on ${page.url()}: ${text}${where}`);
      };
      const onPageError = (error: Error) => {
        problems.push(`uncaught exception on ${page.url()}: ${error.stack ?? error.message}`);
      };

      page.on('console', onConsole);
      page.on('pageerror', onPageError);
      await use();
      page.off('console', onConsole);
      page.off('pageerror', onPageError);

      if (problems.length > 0) {
        await testInfo.attach('browser-errors.txt', {
          body: problems.join('\n\n'),
          contentType: 'text/plain',
        });
      }
      expect(
        problems,
        `the browser reported ${problems.length} console error(s) / uncaught exception(s), listed as "Received"`,
      ).toEqual([]);
    },
    { auto: true },
  ],
});

// ---------------------------------------------------------------------------
// Page helpers
// ---------------------------------------------------------------------------

/**
 * Waits until the WASM bundle has hydrated the current document: the app sets
 * `data-hydrated="true"` on <body> then. Call it after every full page load
 * (goto, reload, a redirect after a form post) before clicking anything:
 * clicks on a page that is not hydrated yet can be lost.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('body'), 'the page should hydrate (body[data-hydrated="true"])').toHaveAttribute(
    'data-hydrated',
    'true',
    { timeout: 15_000 },
  );
}

/** page.goto + waitForHydration. Returns the navigation response. */
export async function open(page: Page, url: string): Promise<Response | null> {
  const response = await page.goto(url);
  await waitForHydration(page);
  return response;
}

// Labels are matched exactly; the English variants let the helpers work after
// the interface was switched to English.
const EMAIL_LABEL = 'Email';
const SIGN_IN_BUTTON = /^(Войти|Sign in)$/;
const SIGN_OUT_BUTTON = /^(Выйти|Sign out)$/;
const LANGUAGE_FORM = /^(Язык интерфейса|Interface language)$/;

function onLoginPage(url: URL): boolean {
  return url.pathname === '/login';
}

/**
 * Fills the login form that is already open (and hydrated) and submits it.
 * Does not wait for the outcome.
 */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel(EMAIL_LABEL, { exact: true }).fill(email);
  await page
    .getByLabel('Пароль', { exact: true })
    .or(page.getByLabel('Password', { exact: true }))
    .fill(password);
  await page.getByRole('button', { name: SIGN_IN_BUTTON }).click();
}

/**
 * Signs in through the login form. Opens /login unless the page is already on
 * it (e.g. after a redirect to /login?next=…), then waits until the browser has
 * left /login and the landing page has hydrated.
 */
export async function signIn(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  if (!onLoginPage(new URL(page.url()))) {
    await page.goto('/login');
  }
  await waitForHydration(page);
  await submitLogin(page, email, password);
  await page.waitForURL((url) => !onLoginPage(url), { timeout: 15_000 });
  await waitForHydration(page);
}

/** Clicks «Выйти» in the header and waits for the (hydrated) login page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: SIGN_OUT_BUTTON }).click();
  await page.waitForURL((url) => onLoginPage(url), { timeout: 15_000 });
  await waitForHydration(page);
}

/** The header's language switch (a form named «Язык интерфейса» / "Interface language"). */
export function languageSwitch(page: Page): Locator {
  return page.getByRole('group', { name: LANGUAGE_FORM });
}

export function languageButton(page: Page, language: 'RU' | 'EN'): Locator {
  return languageSwitch(page).getByRole('button', { name: language, exact: true });
}

/** The main navigation landmark. */
export function mainNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Основная навигация' });
}

/**
 * Asserts the browser is on /login?next=<path>, i.e. it was redirected there
 * from the protected page `path`.
 */
export async function expectLoginRedirect(page: Page, path: string): Promise<void> {
  await expect(page).toHaveURL((url) => onLoginPage(url) && url.searchParams.get('next') === path);
}

/**
 * Saves a full-page screenshot to test-results/screens/<name>.png (always, for
 * visual review) and attaches it to the report.
 */
export async function shot(page: Page, name: string): Promise<void> {
  const info = test.info();
  const file = path.join(info.project.outputDir, 'screens', `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await info.attach(name, { path: file, contentType: 'image/png' });
}

/**
 * Puts an account's saved interface language back to Russian, in a context of
 * its own. Language tests call it after a failure so that a test stopped
 * half-way in English does not leave the shared database in English.
 */
export async function resetLanguageToRussian(browser: Browser, email: string): Promise<void> {
  const info = test.info();
  const context = await browser.newContext({
    baseURL: info.project.use.baseURL,
    locale: 'ru-RU',
  });
  try {
    const page = await context.newPage();
    await signIn(page, email);
    const ru = languageButton(page, 'RU');
    if ((await ru.getAttribute('aria-pressed')) !== 'true') {
      await ru.click();
      await expect(ru).toHaveAttribute('aria-pressed', 'true');
      // Let the request that saves the choice finish before closing.
      await page.waitForLoadState('networkidle');
    }
  } finally {
    await context.close();
  }
}
