// The whole member journey with JavaScript switched off: plain HTML forms.
import { test, before, after } from 'node:test';
import { join } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { startServer, launch, screenshots, signIn, startVote } from '../lib/harness.mjs';
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

test('every member flow with JavaScript off: ballots of each kind, changing a vote, replies, revising, comparing, hiding, progress, CSV', async () => {
  const { url } = server;
  const contexts = [];
  async function as(email) {
    const context = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, url, email);
    return page;
  }
  const fac = await as('facilitator@example.org');
  const mem = await as('member@example.org');
  const off = await as('officer@example.org');

  // The facilitator opens a vote of each kind.
  for (const [method, label] of [['RANKED', 'Put them in order'], ['DOT', 'Dots'], ['APPROVAL', 'Tick the ones you agree with'], ['SCORE', 'Give each a score']]) {
    await startVote(fac, url, `No script ${method} vote`, label);
  }

  // The member votes in each open round, then changes each vote.
  await mem.goto(`${url}/forums/inspire`);
  const rounds = await mem.$$eval('main a[href^="/rounds/"]', (as) => as.map((a) => a.getAttribute('href')).filter((h) => h.endsWith('/vote')));
  const seen = new Set();
  for (const href of rounds) {
    await mem.goto(`${url}${href}`);
    const method = await mem.locator('form[action$="/vote"]').evaluate((f) => (f.dataset.dotBudget ? 'dot'
      : f.querySelector('input[type=checkbox]') ? 'approval'
        : f.querySelector('input[type=radio]') ? 'score' : 'ranked'));
    seen.add(method);
    for (const pass of [1, 2]) {
      await mem.goto(`${url}${href}`);
      if (pass === 2) assert.match(await mem.locator('h1').innerText(), /Change your vote/);
      if (method === 'dot') {
        const inputs = mem.locator('form input[type=number]');
        if (pass === 2) assert.equal(await inputs.nth(0).inputValue(), '6');
        await inputs.nth(0).fill(pass === 1 ? '6' : '3');
        await inputs.nth(1).fill(pass === 1 ? '4' : '7');
      } else if (method === 'approval') {
        const boxes = mem.locator('form input[type=checkbox]');
        if (pass === 2) assert.equal(await boxes.nth(1).isChecked(), true);
        await boxes.nth(pass).check();
      } else if (method === 'score') {
        const first = mem.getByRole('group', { name: /^Score for/ }).first();
        if (pass === 2) assert.equal(await first.getByLabel('5').isChecked(), true);
        await first.getByLabel(pass === 1 ? '5' : '2').check();
      } else {
        // Press "Move up" on the second finding: it becomes number 1.
        const second = (await mem.locator('.ballot-item h2').nth(1).innerText()).trim();
        await mem.locator('button[name=move][value^="up:"]').first().click();
        await mem.waitForSelector('p[role=status]');
        assert.match(await mem.locator('p[role=status]').innerText(), /is now number 1/);
        assert.equal((await mem.locator('.ballot-item h2').first().innerText()).trim(), second);
        await mem.locator('form input[type=number]').first().fill(String(pass));
      }
      await mem.getByRole('button', { name: 'Save my vote' }).last().click();
      await mem.waitForURL(/done=voted/);
      assert.match(await mem.locator('.notice').innerText(), /Your vote is saved/);
    }
  }
  assert.deepEqual([...seen].sort(), ['approval', 'dot', 'ranked', 'score']);

  // A comment and a threaded reply on a finding.
  await mem.goto(`${url}/forums/inspire/findings`);
  const finding = await mem.locator('main a[href^="/findings/"]').first().getAttribute('href');
  await mem.goto(`${url}${finding}`);
  await mem.getByLabel('Add a comment').fill('No script: this happened to me too.');
  await mem.getByRole('button', { name: 'Send comment' }).click();
  await mem.waitForURL(/done=comment/);
  await mem.getByRole('link', { name: /^Reply to / }).first().click();
  await mem.waitForURL(/reply=/);
  await mem.getByLabel('Your reply').fill('No script: a reply in the thread.');
  await mem.getByRole('button', { name: 'Send comment' }).click();
  await mem.waitForURL(/done=comment/);
  assert.match(await mem.locator('.comments').innerText(), /replied to/);
  assert.ok(await mem.locator('.comments .comment.depth-1').count() >= 1, 'the reply is nested');

  // The facilitator hides the member's comment.
  await fac.goto(`${url}${finding}`);
  const mine = fac.locator('.comment', { hasText: 'No script: this happened to me too.' });
  await mine.getByRole('link', { name: /^Hide/ }).click();
  await fac.waitForURL(/\/hide\?back=/);
  await fac.getByLabel('Why are you hiding it?').fill('No script: it shares personal details.');
  await fac.getByRole('button', { name: 'Yes, hide the comment' }).click();
  await fac.waitForURL((u) => u.pathname === finding);
  assert.match(await fac.locator('.hidden-note').first().innerText(), /Hidden by a facilitator: No script: it shares personal details\./);
  assert.equal(await fac.locator('.comment', { hasText: 'No script: this happened to me too.' }).count(), 0);
  assert.ok(await fac.locator('.hidden-note').count() >= 1);

  // The member proposes an improvement, changes it and compares the versions.
  await mem.goto(`${url}${finding}`);
  await mem.locator('main a[href*="/improvements/new?finding="]').click();
  await mem.locator('#improvement-title').fill('No script: easy read letters');
  await mem.locator('#summary').fill('Send letters in easy read.');
  await mem.getByRole('button', { name: 'Save improvement' }).click();
  await mem.waitForURL(/\/improvements\/[^/?]+\?done=proposed/);
  await mem.getByRole('link', { name: 'Change this improvement' }).click();
  await mem.waitForURL(/\/revise$/);
  await mem.locator('#summary').fill('Send letters in easy read, with pictures.');
  await mem.locator('#note').fill('Added pictures.');
  await mem.getByRole('button', { name: 'Save new version' }).click();
  await mem.waitForURL(/\/improvements\/[^/?]+\?done=/);
  await mem.getByRole('link', { name: 'Compare versions' }).click();
  await mem.waitForURL(/\/revisions/);
  assert.match(await mem.locator('main').innerText(), /with pictures/);
  assert.match(await mem.locator('main').innerText(), /Added pictures/);

  // The officer records progress and downloads both CSV files.
  await off.goto(`${url}/forums/inspire/you-said-we-did`);
  const agreed = await off.locator('main a[href^="/improvements/"]').first().getAttribute('href');
  await off.goto(`${url}${agreed}`);
  await off.getByRole('link', { name: 'Record progress' }).click();
  await off.getByLabel('What has the council done?').fill('No script: we wrote to everyone.');
  await off.getByLabel('How much is done, in percent').fill('40');
  await off.getByRole('button', { name: 'Save progress' }).click();
  await off.waitForURL(/done=progress/);
  await off.goto(`${url}/forums/inspire/you-said-we-did`);
  assert.match(await off.locator('main').innerText(), /No script: we wrote to everyone/);
  await off.goto(`${url}/officers`);
  for (const [name, head] of [['Download priorities (CSV)', /^\uFEFF?forum,rank,tied/], ['Download theme trends (CSV)', /^\uFEFF?theme,month,count,theme_total/]]) {
    const [download] = await Promise.all([off.waitForEvent('download'), off.getByRole('link', { name }).click()]);
    const path = await download.path();
    assert.match(readFileSync(path, 'utf8'), head);
  }
  for (const context of contexts) await context.close();
});
