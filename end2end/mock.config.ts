import base from './playwright.config';
import { defineConfig } from '@playwright/test';
export default defineConfig({
  ...base,
  use: { ...base.use, baseURL: 'http://127.0.0.1:3199' },
  reporter: 'list',
  webServer: { command: 'node .mock/server.js', url: 'http://127.0.0.1:3199/login', reuseExistingServer: false, timeout: 20_000 },
});
