// The whole member journey with JavaScript switched off: plain HTML forms.
import { test, before, after } from 'node:test';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { startServer, launch, screenshots } from '../lib/harness.mjs';
import { memberJourney, mouseDriver } from '../lib/journey.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('member journey with JavaScript off: invite, register, add a finding, rank, result, propose, decide', async () => {
  const fac = await browser.newContext({ javaScriptEnabled: false });
  const newcomer = await browser.newContext({ javaScriptEnabled: false });
  const f = mouseDriver(await fac.newPage());
  const n = mouseDriver(await newcomer.newPage());
  await memberJourney(server.url, f, n, 'nojs');
  // axe-core runs as JavaScript in the page, so it cannot run here; the
  // same pages are checked with JavaScript on in pages.test.mjs.
  mkdirSync(screenshots, { recursive: true });
  await n.page.screenshot({ path: join(screenshots, 'journey-nojs-you-said-1280.png'), fullPage: true });
  await fac.close();
  await newcomer.close();
});
