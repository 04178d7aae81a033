import {
  ACCOUNTS,
  expect,
  httpStatusConsoleError,
  mainNav,
  open,
  shot,
  signIn,
  signOut,
  test,
} from './fixtures';
import type { Locator, Page } from '@playwright/test';

/**
 * Knowledge base: suggestions under «Тема запроса», the article side panel, the staff editor and
 * who may open what. The demo data holds the published article DEMO_ARTICLE (seeded by
 * server/service/seed), which the misspelled DEMO_QUERY must find.
 */
const DEMO_QUERY = 'не печатает принтр';
const DEMO_ARTICLE = /Принтер не печатает/;

/** A form control by the start of its label (required labels end with « *»). */
function control(page: Page, role: 'combobox' | 'textbox', label: string): Locator {
  return page.getByRole(role, { name: new RegExp(`^${label}( \\*)?$`) });
}

function suggestionsPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Возможно, решение уже есть' });
}

function articlePanel(page: Page): Locator {
  return page.getByRole('dialog');
}

/** Opens the technical-support form on «Описание запроса», with the description filled in. */
async function openForm(page: Page, description: string): Promise<void> {
  await open(page, '/requests/new?type=technical_support');
  await page.getByRole('tab', { name: 'Описание запроса' }).click();
  await control(page, 'textbox', 'Описание').fill(description);
}

/** Types the subject key by key, as a person does (the panel reacts to the pauses). */
async function typeSubject(page: Page, text: string): Promise<void> {
  const subject = control(page, 'textbox', 'Тема запроса');
  await subject.fill('');
  await subject.pressSequentially(text, { delay: 40 });
}

test.describe('suggestions while creating a request', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
  });

  test('a misspelled subject finds the article; reading it keeps the form as typed', async ({ page }) => {
    const description = 'После обновления задания печати висят в очереди.';
    await openForm(page, description);
    await typeSubject(page, DEMO_QUERY);

    const panel = suggestionsPanel(page);
    const article = panel.getByRole('button', { name: DEMO_ARTICLE });
    await expect(article).toBeVisible();
    // The matched words are highlighted, and the count is announced.
    await expect(article.locator('mark').first()).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^Найдено \d+ решени(е|я|й)$/ })).toHaveCount(1);
    expect(await panel.getByRole('button').count()).toBeLessThanOrEqual(5);
    await shot(page, 'kb-suggestions-1280');

    await article.click();
    const reader = articlePanel(page);
    await expect(reader.getByRole('heading', { level: 1, name: DEMO_ARTICLE })).toBeVisible();
    await expect(reader.locator('.kb-article__body')).not.toBeEmpty();
    await shot(page, 'kb-article-panel-1280');
    await reader.getByRole('button', { name: 'Вернуться к запросу' }).click();
    await expect(reader).toHaveCount(0);

    await expect(control(page, 'textbox', 'Тема запроса')).toHaveValue(DEMO_QUERY);
    await expect(control(page, 'textbox', 'Описание')).toHaveValue(description);
    await expect(page).toHaveURL(/\/requests\/new\?type=technical_support$/);
  });

  test('keyboard: ↓ chooses, Enter opens, Escape closes the article and then the panel', async ({ page }) => {
    await openForm(page, 'Принтер подключён по сети.');
    await typeSubject(page, DEMO_QUERY);
    const subject = control(page, 'textbox', 'Тема запроса');
    const panel = suggestionsPanel(page);
    await expect(panel.getByRole('button', { name: DEMO_ARTICLE })).toBeVisible();

    await page.keyboard.press('ArrowDown');
    const first = panel.getByRole('button').first();
    await expect(first).toHaveAttribute('aria-selected', 'true');
    await expect(subject).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id')) ?? 'missing');
    await page.keyboard.press('Enter');
    // Enter opened the article instead of submitting the form.
    await expect(articlePanel(page)).toBeVisible();
    await expect(page.getByRole('alertdialog')).toHaveCount(0);

    await page.keyboard.press('Escape');
    await expect(articlePanel(page)).toHaveCount(0);
    await expect(subject).toBeFocused();
    await expect(panel).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await expect(subject).toHaveValue(DEMO_QUERY);
    // ↓ brings the suggestions back.
    await page.keyboard.press('ArrowDown');
    await expect(panel).toBeVisible();
  });

  test('resolved requests of the organization are suggested too', async ({ page }) => {
    await openForm(page, 'Уведомления не приходят ни на почту, ни в портале.');
    await typeSubject(page, 'не приходят уведомления');
    const similar = suggestionsPanel(page).getByRole('list', { name: 'Похожие запросы вашей организации' });
    const link = similar.getByRole('link', { name: /Не приходят уведомления о новых сообщениях/ });
    await expect(link).toBeVisible();
    await expect(link).toHaveAttribute('href', /^\/requests\/my\?q=\d+$/);
    await shot(page, 'kb-similar-requests-1280');
  });

  test('fewer than three characters ask nothing', async ({ page }) => {
    await openForm(page, 'Описание.');
    await typeSubject(page, DEMO_QUERY);
    await expect(suggestionsPanel(page)).toBeVisible();
    await typeSubject(page, 'пр');
    await page.waitForTimeout(400);
    await expect(suggestionsPanel(page)).toHaveCount(0);
  });

  test('«Это решило мою проблему» leaves the form for the requests list', async ({ page }) => {
    await openForm(page, 'Не печатает.');
    await typeSubject(page, DEMO_QUERY);
    await suggestionsPanel(page).getByRole('button', { name: DEMO_ARTICLE }).click();
    await articlePanel(page).getByRole('button', { name: 'Это решило мою проблему' }).click();
    await expect(page).toHaveURL(/\/requests\/my$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Мои запросы' })).toBeVisible();
  });
});

test('another organization never sees Ромашка\'s requests among the suggestions', async ({ page }) => {
  await signIn(page, ACCOUNTS.vectorClient.email);
  await openForm(page, 'Уведомления не приходят.');
  await typeSubject(page, 'не приходят уведомления');
  // Wait for the answer to exactly this text, then check what it holds.
  await expect(page.locator('.suggestions')).toHaveAttribute('data-answered', 'не приходят уведомления');
  await expect(page.getByText('Не приходят уведомления о новых сообщениях')).toHaveCount(0);
});

/** Creates an article through «База знаний» as the signed-in staff member; returns its id. */
async function createArticle(page: Page, title: string, body: string): Promise<string> {
  await open(page, '/kb');
  await page.getByRole('link', { name: 'Создать статью' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Новая статья' })).toBeVisible();
  await page.getByRole('textbox', { name: /^Заголовок/ }).fill(title);
  await page.getByRole('textbox', { name: /^Текст/ }).fill(body);
  await page.getByRole('combobox', { name: 'Продукт' }).selectOption({ label: 'Termidesk' });
  await page.getByRole('combobox', { name: 'Версия' }).selectOption({ label: '5.1' });
  await page.getByRole('textbox', { name: 'Теги' }).fill('termidesk, пароль');
  await expect(page.getByRole('checkbox', { name: 'Опубликовано' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Статья сохранена' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row.getByText('Не опубликована')).toBeVisible();
  const href = await row.getByRole('link', { name: title, exact: true }).getAttribute('href');
  const id = /\/kb\/articles\/(\d+)$/.exec(href ?? '')?.[1];
  expect(id, href ?? '').toBeTruthy();
  return id as string;
}

test.describe('knowledge base for support staff', () => {
  test('staff sees «База знаний»; the editor shows errors at the fields', async ({ page }) => {
    await signIn(page, ACCOUNTS.agent.email);
    await mainNav(page).getByRole('link', { name: 'База знаний' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'База знаний' })).toBeVisible();
    await page.getByRole('searchbox', { name: 'Поиск' }).fill('принтер не печатает');
    await page.getByRole('button', { name: 'Найти' }).click();
    await expect(page).toHaveURL(/\/kb\?q=/);
    await expect(page.getByRole('row').filter({ hasText: DEMO_ARTICLE })).toHaveCount(1);
    await shot(page, 'kb-list-1280');

    await page.getByRole('link', { name: 'Создать статью' }).click();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await expect(page.getByText('Укажите заголовок')).toBeVisible();
    await expect(page.getByText('Напишите текст статьи')).toBeVisible();
    await expect(page.getByRole('textbox', { name: /^Заголовок/ })).toHaveAttribute('aria-invalid', 'true');
    await shot(page, 'kb-editor-errors-1280');
  });

  test('staff creates and publishes an article; a customer finds it and it counts as help', async ({ page }) => {
    const stamp = Date.now();
    const title = `Termidesk: рабочий стол не открывается после смены пароля ${stamp}`;
    await signIn(page, ACCOUNTS.agent.email);
    const id = await createArticle(
      page,
      title,
      'Если после смены пароля в домене **рабочий стол** не открывается:\n\n1. Выйдите из клиента Termidesk.\n2. Войдите снова с новым паролем.',
    );
    const row = page.getByRole('row').filter({ hasText: title });
    await row.getByRole('button', { name: `Опубликовать «${title}»` }).click();
    await expect(row.getByText('Опубликована', { exact: true })).toBeVisible();
    await signOut(page);

    await signIn(page, ACCOUNTS.romashkaClient.email);
    await openForm(page, 'Сменили пароль, теперь ничего не работает.');
    const found = suggestionsPanel(page).getByRole('button', { name: new RegExp(String(stamp)) });
    // The search index follows the database within a few seconds; type again until it has.
    await expect(async () => {
      await typeSubject(page, 'рабочий стол termidesk пароль');
      await expect(found).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await found.click();
    await expect(articlePanel(page).getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(articlePanel(page).locator('.kb-article__body strong')).toHaveText('рабочий стол');
    await articlePanel(page).getByRole('button', { name: 'Это решило мою проблему' }).click();
    await expect(page).toHaveURL(/\/requests\/my$/);

    // The customer may open the published article by link.
    await open(page, `/kb/articles/${id}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await signOut(page);

    await signIn(page, ACCOUNTS.agent.email);
    await open(page, `/kb?q=${stamp}`);
    const helped = page.getByRole('row').filter({ hasText: title }).getByRole('cell').nth(4);
    await expect(helped).toHaveText('1');
  });
});

test.describe('what customers may not open', () => {
  // The denial page is answered with 403 and the missing article with 404; Chromium logs both.
  // (One pattern: Playwright would read a second array element as fixture options.)
  test.use({ allowedConsoleErrors: [httpStatusConsoleError('(403|404)')] });

  test('a customer gets «Нет доступа» at /kb and no unpublished article', async ({ page }) => {
    const title = `Черновик статьи для инженеров ${Date.now()}`;
    await signIn(page, ACCOUNTS.agent.email);
    const id = await createArticle(page, title, 'Внутренняя заметка.');
    await open(page, `/kb/articles/${id}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText('Статья не опубликована: клиенты её не видят.')).toBeVisible();
    await signOut(page);

    await signIn(page, ACCOUNTS.romashkaClient.email);
    await expect(mainNav(page).getByRole('link', { name: 'База знаний' })).toHaveCount(0);
    for (const path of ['/kb', '/kb/new', `/kb/${id}/edit`]) {
      const response = await open(page, path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole('heading', { level: 1, name: 'Нет доступа', exact: true })).toBeVisible();
    }
    await open(page, `/kb/articles/${id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Статья не найдена' })).toBeVisible();
    await expect(page.getByText(title)).toHaveCount(0);
  });
});
