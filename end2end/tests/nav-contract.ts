import { expect, mainNav, isStaff, type DemoAccount } from './fixtures';
import type { Page } from '@playwright/test';

export interface NavLink {
  name: string;
  path: string;
}

/** Links of the main navigation that customers and org_admin see. */
export const CUSTOMER_NAV: readonly NavLink[] = [
  { name: 'Мои запросы', path: '/requests/my' },
  { name: 'Запросы организации', path: '/requests/org' },
  { name: 'Черновики', path: '/drafts' },
];
/** Customers' «Создать запрос» link (may sit in the nav or elsewhere on the page). */
export const CREATE_REQUEST: NavLink = { name: 'Создать запрос', path: '/requests/new' };
/** Links of the main navigation that support_agent and manager see. */
export const STAFF_NAV: readonly NavLink[] = [
  { name: 'Очередь', path: '/queue' },
  { name: 'База знаний', path: '/kb' },
];

function hrefPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  // Relative ("/queue") or absolute ("http://host/queue") href.
  return new RegExp(`^(https?://[^/]+)?${escaped}$`);
}

/**
 * Asserts that `account` sees exactly its role's navigation on the current
 * page (present links with the right href, the other role's links absent), and
 * that the link of `currentPath` is marked aria-current="page".
 */
export async function expectNavigationFor(page: Page, account: DemoAccount, currentPath: string): Promise<void> {
  const staff = isStaff(account);
  const navLinks = staff ? STAFF_NAV : CUSTOMER_NAV;
  const forbiddenLinks = staff ? [...CUSTOMER_NAV, CREATE_REQUEST] : STAFF_NAV;
  const nav = mainNav(page);
  await expect(nav).toBeVisible();

  for (const { name, path } of navLinks) {
    const link = nav.getByRole('link', { name, exact: true });
    await expect(link, `nav link «${name}»`).toBeVisible();
    await expect(link, `nav link «${name}»`).toHaveAttribute('href', hrefPattern(path));
    if (path === currentPath) {
      await expect(link, `«${name}» is the current page`).toHaveAttribute('aria-current', 'page');
    } else {
      await expect(link, `«${name}» is not the current page`).not.toHaveAttribute('aria-current', 'page');
    }
  }

  if (!staff) {
    // The header's action; an empty list may offer the same link again in its empty state.
    const create = page.locator('.app-nav').getByRole('link', { name: CREATE_REQUEST.name, exact: true });
    await expect(create, `link «${CREATE_REQUEST.name}»`).toBeVisible();
    await expect(create, `link «${CREATE_REQUEST.name}»`).toHaveAttribute('href', hrefPattern(CREATE_REQUEST.path));
  }

  for (const { name } of forbiddenLinks) {
    await expect(page.getByRole('link', { name, exact: true }), `link «${name}» must not be shown`).toHaveCount(0);
  }
}
