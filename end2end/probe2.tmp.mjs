import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage();
await page.goto('http://127.0.0.1:3300/login');
await page.waitForSelector('body[data-hydrated="true"]', { timeout: 10000 }).catch(e => console.log('no hydrate', e.message));
console.log(page.url(), await page.title());
console.log((await page.content()).slice(0, 300));
await browser.close();
