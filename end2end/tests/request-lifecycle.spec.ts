import { ACCOUNTS, expect, httpStatusConsoleError, open, shot, signIn, test } from './fixtures';

/*
 * The request's actions and the end of its life. Demo requests of «Ромашка»:
 * 1004 (commercial, Иван, «Решено» 10 hours ago — reopenable), 1005 (Мария, closed for good),
 * 1003 (services, «Новый», closed here by the org admin), 1002 (Мария, «Ожидает ответа клиента»).
 * The tests run in order on one database: 1004 is rated before Иван's comment reopens it.
 */
test.describe.configure({ mode: 'serial' });

test.describe('request lifecycle', () => {
  test('a resolved request shows the reopen deadline and takes a rating', async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
    await open(page, '/requests/1004');
    const notice = page.getByTestId('reopen-notice');
    await expect(notice).toHaveText(/^Можно возобновить, оставив комментарий, до \d\d:\d\d \d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)$/);
    const rating = page.getByRole('region', { name: 'Оцените работу поддержки' });
    await rating.getByRole('button', { name: 'Отправить оценку' }).click();
    await expect(rating.getByRole('alert')).toHaveText('Выберите оценку от 1 до 5');
    await rating.getByRole('button', { name: '4 из 5' }).click();
    await rating.getByRole('textbox', { name: 'Комментарий (необязательно)' }).fill('Помогли быстро, спасибо');
    await rating.getByRole('button', { name: 'Отправить оценку' }).click();
    // Saved: the panel reloads with the stored rating, offered for a change.
    await expect(page.getByRole('region', { name: 'Оцените работу поддержки' }).getByRole('button', { name: 'Изменить оценку' })).toBeVisible();
    await shot(page, 'lifecycle-resolved-rating');

    await open(page, '/requests/1004');
    const again = page.getByRole('region', { name: 'Оцените работу поддержки' });
    await expect(again.getByRole('button', { name: '4 из 5' })).toHaveAttribute('aria-pressed', 'true');
    await expect(again.getByRole('textbox', { name: 'Комментарий (необязательно)' })).toHaveValue('Помогли быстро, спасибо');
    await expect(again.getByRole('button', { name: 'Изменить оценку' })).toBeVisible();
  });

  test('support staff see the customer ratings of a request', async ({ page }) => {
    await signIn(page, ACCOUNTS.agent.email);
    await open(page, '/requests/1004');
    const ratings = page.getByRole('region', { name: 'Оценки клиентов' });
    await expect(ratings).toContainText('Иван Петров');
    await expect(ratings).toContainText('Помогли быстро, спасибо');
    await expect(page.getByRole('region', { name: 'Оцените работу поддержки' })).toHaveCount(0);
  });

  test('«Скачать в PDF» downloads «Запрос-N.pdf»', async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
    await open(page, '/requests/1004');
    const link = page.getByRole('region', { name: 'Действия' }).getByRole('link', { name: 'Скачать в PDF' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('Запрос-1004.pdf');
    expect(await download.failure()).toBeNull();
  });

  test('unsubscribe and subscribe again', async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
    await open(page, '/requests/1004');
    const actions = page.getByRole('region', { name: 'Действия' });
    await actions.getByRole('button', { name: 'Отписаться' }).click();
    await expect(actions.getByRole('button', { name: 'Подписаться' })).toBeVisible();
    await open(page, '/requests/1004');
    await expect(page.getByRole('region', { name: 'Действия' }).getByRole('button', { name: 'Подписаться' })).toBeVisible();
    await page.getByRole('region', { name: 'Действия' }).getByRole('button', { name: 'Подписаться' }).click();
    await expect(page.getByRole('region', { name: 'Действия' }).getByRole('button', { name: 'Отписаться' })).toBeVisible();
  });

  test('a comment inside the window reopens the request', async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
    await open(page, '/requests/1004');
    const chat = page.getByRole('region', { name: 'Чат с поддержкой' });
    await chat.getByRole('textbox', { name: 'Сообщение' }).fill(`Счёт так и не пришёл ${Date.now()}`);
    await chat.getByRole('button', { name: 'Отправить' }).click();
    await expect(page.getByTestId('request-status')).toHaveText('В работе');
    await open(page, '/requests/1004');
    await expect(page.getByTestId('request-status')).toHaveText('В работе');
    await expect(page.getByTestId('reopen-notice')).toHaveCount(0);
  });

  test('share with a colleague of the same organization', async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaColleague.email);
    await open(page, '/requests/1002');
    await page.getByRole('region', { name: 'Действия' }).getByRole('button', { name: 'Поделиться' }).click();
    const dialog = page.getByRole('dialog', { name: 'Поделиться запросом' });
    await dialog.getByRole('searchbox', { name: 'Имя или e-mail коллеги' }).fill('Ольга');
    await expect(dialog.getByRole('checkbox')).toHaveCount(1);
    await expect(dialog).not.toContainText('Сергей Волков');
    await dialog.getByRole('button', { name: 'Добавить' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Отметьте хотя бы одного коллегу');
    await dialog.getByRole('checkbox', { name: /Ольга Кузнецова/ }).check();
    await shot(page, 'lifecycle-share-dialog');
    await dialog.getByRole('button', { name: 'Добавить' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Участники запроса' })).toContainText('Ольга Кузнецова');
  });

  test('the organization admin closes a request with confirmation; it stays readable', async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaAdmin.email);
    await open(page, '/requests/1003');
    await page.getByRole('region', { name: 'Действия' }).getByRole('button', { name: 'Закрыть запрос' }).click();
    const dialog = page.getByRole('dialog', { name: 'Закрыть запрос?' });
    await expect(dialog).toContainText('закрыт окончательно');
    await shot(page, 'lifecycle-close-dialog');
    await dialog.getByRole('button', { name: 'Отмена' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('request-status')).toHaveText('Новый');

    await page.getByRole('region', { name: 'Действия' }).getByRole('button', { name: 'Закрыть запрос' }).click();
    await page.getByRole('dialog', { name: 'Закрыть запрос?' }).getByRole('button', { name: 'Закрыть запрос' }).click();
    await expect(page.getByTestId('request-status')).toHaveText('Закрыт');
    await expect(page.getByRole('region', { name: 'Описание' })).toContainText('Планируем перевести отдел продаж');
    await expect(page.getByRole('region', { name: 'Действия' }).getByRole('button', { name: 'Закрыть запрос' })).toHaveCount(0);
    await shot(page, 'lifecycle-closed');
  });

  test.describe('another organization', () => {
    test.use({ allowedConsoleErrors: [httpStatusConsoleError(404)] });

    test('cannot see the request nor its actions', async ({ page }) => {
      await signIn(page, ACCOUNTS.vectorClient.email);
      await open(page, '/requests/1004');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Запрос не найден');
      await expect(page.getByRole('region', { name: 'Действия' })).toHaveCount(0);
    });
  });
});

test.describe('closed request', () => {
  test('writing in the chat of a closed request offers a linked request instead', async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
    await open(page, '/requests/1005');
    const composer = page.getByTestId('closed-composer');
    await expect(composer).toContainText('Запрос закрыт');
    // The offer appears once the actions are loaded after hydration.
    await expect(composer.getByRole('button', { name: 'Создать связанный запрос' })).toBeVisible();
    await composer.getByRole('textbox', { name: 'Сообщение' }).click();
    const form = page.getByRole('dialog', { name: 'Создать связанный запрос' });
    await expect(form).toBeVisible();
    await expect(form).toContainText('Связан с № 1005');
    await shot(page, 'lifecycle-closed-composer-dialog');
    await form.getByRole('button', { name: 'Отмена' }).click();
    await expect(form).toHaveCount(0);
  });

  test('a closed request offers a linked request that links both ways', async ({ page }) => {
    await signIn(page, ACCOUNTS.romashkaClient.email);
    await open(page, '/requests/1005');
    await expect(page.getByTestId('request-status')).toHaveText('Закрыт');
    await expect(page.getByTestId('reopen-notice')).toHaveCount(0);
    await page.getByTestId('create-linked').click();
    const form = page.getByRole('dialog', { name: 'Создать связанный запрос' });
    await expect(form).toContainText('Связан с № 1005');
    await form.getByRole('button', { name: 'Создать запрос' }).click();
    await expect(form.getByRole('alert')).toHaveText('Опишите, что нужно сделать дальше');
    await form.getByRole('textbox', { name: 'Дополнительная информация' }).fill('Уведомления снова перестали приходить после смены пароля');
    await form.locator('input[type=file]').setInputFiles([
      { name: 'mail-log.txt', mimeType: 'text/plain', buffer: Buffer.from('Журнал почтового клиента: отказ авторизации SMTP') },
    ]);
    const uploaded = form.locator('.attachment').filter({ hasText: 'mail-log.txt' });
    await expect(uploaded.getByRole('progressbar')).toHaveCount(0);
    await expect(uploaded).toContainText('Б');
    await shot(page, 'lifecycle-linked-form');
    await form.getByRole('button', { name: 'Создать запрос' }).click();
    const done = page.getByRole('dialog', { name: /^Создан запрос № \d+$/ });
    await expect(done).toBeVisible();
    const title = await done.getByRole('heading').innerText();
    const created = title.replace(/\D+/g, '');
    await done.getByRole('link', { name: 'Открыть запрос' }).click();
    await expect(page).toHaveURL(new RegExp(`/requests/${created}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Запрос № ${created}`);
    await expect(page.getByTestId('continues')).toContainText('№ 1005');
    await expect(page.getByText('Связан с № 1005').first()).toBeVisible();
    await expect(page.getByRole('region', { name: 'Описание' }).getByRole('link', { name: /mail-log\.txt/ })).toBeVisible();

    await open(page, '/requests/1005');
    await expect(page.getByTestId('continued-by')).toContainText(`№ ${created}`);
    await shot(page, 'lifecycle-closed-linked');
  });
});
