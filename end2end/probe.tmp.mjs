import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const context = await browser.newContext({ baseURL: 'http://127.0.0.1:3300', locale: 'ru-RU' });
const page = await context.newPage();
page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text().slice(0, 300)); });
await page.goto('/login');
await page.waitForSelector('body[data-hydrated="true"]');
await page.getByLabel('Email', { exact: true }).fill('admin@support.test');
await page.getByLabel('Пароль', { exact: true }).fill('demo-password');
await page.getByRole('button', { name: 'Войти' }).click();
await page.waitForURL(/queue/);
for (const path of process.argv.slice(2)) {
  await page.goto(path);
  await page.waitForTimeout(1500);
  console.log(path, await page.evaluate(() => document.body.dataset.hydrated));
}
await browser.close();
