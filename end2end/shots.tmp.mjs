import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:3300';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const width of [1280, 360]) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, baseURL: base, locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByLabel('Email', { exact: true }).fill('admin@support.test');
  await page.getByLabel('Пароль', { exact: true }).fill('demo-password');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL(/queue/);
  for (const [name, path] of [['orgs', '/admin/organizations'], ['card', '/admin/organizations/1'], ['people', '/admin/people?state=all'], ['invite', '/admin/people/new'], ['certs', '/admin/certificates'], ['newcert', '/admin/certificates/new?organization=1'], ['neworg', '/admin/organizations/new'], ['forgot', '/password/forgot']]) {
    await page.goto(path);
    await page.waitForSelector('body[data-hydrated="true"]');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    console.log(width, name, 'overflow', overflow);
    await page.screenshot({ path: `/tmp/shots/${name}-${width}.png`, fullPage: true });
  }
  await context.close();
}
await browser.close();
