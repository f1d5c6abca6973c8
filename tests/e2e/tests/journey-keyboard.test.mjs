// The whole member journey by keyboard alone (JavaScript on).
import { test, before, after } from 'node:test';
import { startServer, launch, check } from '../lib/harness.mjs';
import { memberJourney, keyboardDriver } from '../lib/journey.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('member journey by keyboard alone: invite, register, add a finding, rank, result, propose, decide', async () => {
  const fac = await browser.newContext();
  const newcomer = await browser.newContext();
  const f = keyboardDriver(await fac.newPage());
  const n = keyboardDriver(await newcomer.newPage());
  await memberJourney(server.url, f, n, 'kb');
  await check(n.page, 'journey-keyboard-you-said');
  await fac.close();
  await newcomer.close();
});
