import {
  ACCOUNTS,
  expect,
  httpStatusConsoleError,
  mainNav,
  open,
  shot,
  signIn,
  signOut,
  submitLogin,
  test,
  waitForHydration,
} from './fixtures';

/*
 * «Запросы без автора» and «Сотрудники». The demo seed has two requests of
 * «ООО «Ромашка»» registered by support without author: № 1007 (phone call, contact Алексей
 * Смирнов) and № 1008 (a letter).
 */

test('the org admin assigns an author to a request without author', async ({ page }) => {
  await signIn(page, ACCOUNTS.romashkaAdmin.email);
  await mainNav(page).getByRole('link', { name: 'Запросы без автора' }).click();
  await expect(page).toHaveURL(/\/requests\/authorless$/);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Запросы без автора' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: '1007' });
  await expect(row).toContainText('Алексей Смирнов, системный администратор');
  await shot(page, 'authorless-list');

  await row.getByRole('combobox', { name: 'Выберите сотрудника № 1007' }).selectOption({ label: ACCOUNTS.romashkaColleague.name });
  await row.getByRole('button', { name: 'Назначить' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Автор назначен' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: '1007' })).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: '1008' })).toBeVisible();
  await shot(page, 'authorless-assigned');

  // «Запросы организации» marks the remaining one «Без автора», and no longer № 1007.
  await open(page, '/requests/org');
  await expect(page.getByRole('row').filter({ hasText: '1008' })).toContainText('Без автора');
  await expect(page.getByRole('row').filter({ hasText: '1007' })).not.toContainText('Без автора');
  await shot(page, 'org-requests-authorless-badge');

  // Мария now finds it in «Мои запросы».
  await signOut(page);
  await signIn(page, ACCOUNTS.romashkaColleague.email);
  await expect(page.getByRole('row').filter({ hasText: '1007' })).toBeVisible();
});

test('support registers a phone call for an organization, whose admin then sees it without author', async ({ page }) => {
  await signIn(page, ACCOUNTS.agent.email);
  await open(page, '/queue');
  await page.getByRole('link', { name: 'Зарегистрировать запрос' }).click();
  await expect(page).toHaveURL(/\/queue\/new$/);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Регистрация запроса' })).toBeVisible();

  // Nothing chosen yet: every required field says what is missing.
  await page.getByRole('button', { name: 'Зарегистрировать', exact: true }).click();
  await expect(page.getByText('Выберите организацию', { exact: true })).toBeVisible();
  await expect(page.getByText('Выберите тип запроса')).toBeVisible();
  await expect(page.getByText('Укажите тему запроса')).toBeVisible();

  await page.getByLabel('Организация').selectOption({ label: 'ООО «Ромашка»' });
  await page.getByLabel('Тип запроса').selectOption({ label: 'Консультация по вопросам технической поддержки и обновлений' });
  // The organization's certificates and the catalog load for the chosen organization.
  await page.getByLabel('Продукт').selectOption({ label: 'Astra Linux Special Edition' });
  await page.getByLabel('Версия').selectOption({ label: '1.7' });
  await page.getByLabel('Обновление').selectOption({ label: '1.7.6' });
  await expect(page.getByLabel('Сертификат')).toHaveValue(/\d+/);
  const subject = 'Не загружается рабочий стол после обновления';
  await page.getByLabel('Тема запроса').fill(subject);
  await page.getByLabel('Описание').fill('Позвонил инженер: после установки обновления 1.7.6 на трёх рабочих станциях чёрный экран после входа.');
  await page.getByLabel('Имя и должность').fill('Павел Гришин, инженер');
  await page.getByLabel('E-mail').fill('grishin-romashka');
  await page.getByRole('button', { name: 'Зарегистрировать', exact: true }).click();
  await expect(page.getByText('Проверьте e-mail контактного лица')).toBeVisible();
  await page.getByLabel('E-mail').fill('grishin@romashka.test');
  await shot(page, 'register-request-filled');
  await page.getByRole('button', { name: 'Зарегистрировать', exact: true }).click();

  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(/Запрос № \d+ зарегистрирован/);
  const number = (await dialog.getByRole('heading').textContent())!.match(/\d+/)![0];
  await shot(page, 'register-request-done');
  await dialog.getByRole('link', { name: 'Перейти к запросу' }).click();
  await expect(page).toHaveURL(new RegExp(`/requests/${number}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Запрос № ${number}`);
  await expect(page.getByRole('main')).toContainText(subject);

  // The organization admin finds it among the requests without author, with the contact.
  await signOut(page);
  await signIn(page, ACCOUNTS.romashkaAdmin.email);
  await open(page, '/requests/authorless');
  await expect(page.getByRole('row').filter({ hasText: number })).toContainText('Павел Гришин, инженер');
});

test('the org admin searches the members list', async ({ page }) => {
  await signIn(page, ACCOUNTS.romashkaAdmin.email);
  await open(page, '/org/members');
  await waitForHydration(page);
  await page.getByRole('searchbox', { name: 'Поиск' }).fill('МАРИЯ');
  await page.getByRole('button', { name: 'Найти' }).click();
  await expect(page).toHaveURL(/\/org\/members\?q=/);
  await expect(page.getByRole('row').filter({ hasText: ACCOUNTS.romashkaColleague.email })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: ACCOUNTS.romashkaClient.email })).toHaveCount(0);
  await shot(page, 'members-search');
  await page.getByRole('searchbox', { name: 'Поиск' }).fill('никого-такого');
  await page.getByRole('button', { name: 'Найти' }).click();
  await expect(page.getByText('Ничего не найдено')).toBeVisible();
});

test.describe('an ordinary customer', () => {
  test.use({ allowedConsoleErrors: [httpStatusConsoleError(403)] });

  test('has no «Запросы без автора» tab and gets «Нет доступа» on its URL', async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
    await expect(mainNav(page).getByRole('link', { name: 'Запросы организации' })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: 'Запросы без автора' })).toHaveCount(0);
    await expect(mainNav(page).getByRole('link', { name: 'Сотрудники' })).toHaveCount(0);
    for (const path of ['/requests/authorless', '/org/members', '/queue/new']) {
      const response = await open(page, path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole('heading', { level: 1, name: 'Нет доступа', exact: true })).toBeVisible();
    }
    await shot(page, 'authorless-denied');
  });
});

test.describe('a deactivated member', () => {
  // The refused sign-in answers 401, which Chromium logs.
  test.use({ allowedConsoleErrors: [httpStatusConsoleError(401)] });

  test('cannot sign in until the org admin reactivates them', async ({ page }) => {
    const maria = ACCOUNTS.romashkaColleague;
    await signIn(page, ACCOUNTS.romashkaAdmin.email);
    await mainNav(page).getByRole('link', { name: 'Сотрудники' }).click();
    await expect(page).toHaveURL(/\/org\/members$/);
    await waitForHydration(page);
    const row = page.getByRole('row').filter({ hasText: maria.email });
    await expect(row).toContainText('Активен');
    // The admin's own row offers no «Отключить».
    await expect(page.getByRole('row').filter({ hasText: ACCOUNTS.romashkaAdmin.email }).getByRole('button')).toHaveCount(0);
    await row.getByRole('button', { name: `Отключить — ${maria.name}` }).click();
    await expect(row).toContainText('Отключён');
    await shot(page, 'members-deactivated');
    await signOut(page);

    await submitLogin(page, maria.email, 'demo-password');
    await expect(page.getByRole('alert')).toContainText('Неверный email или пароль');
    await expect(page).toHaveURL(/\/login/);
    await shot(page, 'deactivated-sign-in-refused');

    // Reactivated, she signs in again (and the shared demo data is left as it was).
    await signIn(page, ACCOUNTS.romashkaAdmin.email);
    await open(page, '/org/members');
    await page.getByRole('row').filter({ hasText: maria.email }).getByRole('button', { name: `Включить — ${maria.name}` }).click();
    await expect(page.getByRole('row').filter({ hasText: maria.email })).toContainText('Активен');
    await signOut(page);
    await signIn(page, maria.email);
    await expect(page.locator('.app-header__user')).toHaveText(maria.name);
  });
});
