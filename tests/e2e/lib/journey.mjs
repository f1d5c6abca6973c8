// The whole member journey (invite, register, add a finding, rank, see the
// result, propose, decide), written once and driven two ways: by keyboard
// alone, and by mouse with JavaScript switched off.
import assert from 'node:assert/strict';
import { tabTo, PASSWORD } from './harness.mjs';

/** Keyboard only: Tab to reach each control, type, Enter and Space. */
export function keyboardDriver(page) {
  return {
    page,
    async fill(selector, text) {
      await tabTo(page, selector);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(text);
    },
    async press(selector) {
      await tabTo(page, selector);
      await page.keyboard.press('Enter');
    },
    async tick(selector) {
      await tabTo(page, selector);
      await page.keyboard.press('Space');
    },
  };
}

/** Mouse and form filling, for pages without JavaScript. */
export function mouseDriver(page) {
  return {
    page,
    async fill(selector, text) { await page.locator(selector).fill(text); },
    async press(selector) { await page.locator(selector).first().click(); },
    async tick(selector) { await page.locator(selector).check(); },
  };
}

/** Waits for step `k` of "Add a finding" (every step has the same address). */
export async function atStep(page, k) {
  await page.waitForSelector(`main .caption:has-text("step ${k} of 3")`);
}

/** Records every address the page asks for or shows, and how each is asked for. */
export function watchAddresses(page) {
  const seen = [];
  const onRequest = (r) => seen.push({ url: r.url(), method: r.method() });
  const onNavigated = (frame) => { if (frame === page.mainFrame()) seen.push({ url: frame.url(), method: 'SHOWN' }); };
  page.on('request', onRequest);
  page.on('framenavigated', onNavigated);
  return {
    seen,
    stop() { page.off('request', onRequest); page.off('framenavigated', onNavigated); },
  };
}

/** No address seen holds any of `texts`, however it was encoded; the steps were posted. */
export function assertNoDraftIn(watch, texts) {
  for (const { url } of watch.seen) {
    let plain = url.replace(/\+/g, ' ');
    try { plain = decodeURIComponent(plain); } catch { /* keep it as it is */ }
    for (const text of texts) {
      assert.ok(!plain.toLowerCase().includes(text.toLowerCase()), `the draft's "${text}" is in the address ${url}`);
    }
  }
  const posted = watch.seen.filter((s) => s.method === 'POST' && /\/findings\/new$/.test(s.url));
  assert.ok(posted.length >= 3, `each step posts (${posted.length} posts seen)`);
  assert.ok(watch.seen.some((s) => s.method === 'SHOWN'), 'the addresses shown were watched');
}

async function signIn(d, url, email) {
  await d.page.goto(`${url}/sign-in`);
  await d.fill('#email', email);
  await d.fill('#password', PASSWORD);
  await d.press('main form button[type=submit]');
  await d.page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

/**
 * Runs the journey. `facilitator` and `newcomer` are drivers on pages in
 * separate browser contexts; `tag` makes the newcomer's email unique.
 */
export async function memberJourney(url, facilitator, newcomer, tag) {
  const f = facilitator.page;
  const n = newcomer.page;

  // A facilitator makes an invite link.
  await signIn(facilitator, url, 'facilitator@example.org');
  await f.goto(`${url}/forums/inspire/invites`);
  await facilitator.press('main form button[type=submit]');
  await f.waitForSelector('#invite-link');
  const link = (await f.locator('#invite-link').innerText()).trim();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/join\/\S+$/);

  // The newcomer opens it and makes an account, which joins the forum.
  await n.goto(link);
  await newcomer.fill('#display-name', `Ada ${tag}`);
  await newcomer.fill('#email', `ada-${tag}@example.org`);
  await newcomer.fill('#password', 'my long password 1');
  await newcomer.press('main form button[type=submit]');
  await n.waitForURL(/\/\?done=registered/);
  assert.match(await n.locator('.notice').innerText(), /Your account is ready/);
  await newcomer.press('main a[href="/forums/inspire"]');
  await n.waitForURL(/\/forums\/inspire$/);

  // Add a finding, in three short steps that each post: what happened,
  // where it came from, check your answers. The draft never goes in an
  // address, so it stays out of the browser's history and server logs.
  await newcomer.press('main a[href="/forums/inspire/findings/new"]');
  await n.waitForURL(/findings\/new$/);
  const draft = [`Bus to the day centre is late (${tag})`, 'came an hour late', 'transport'];
  const watch = watchAddresses(n);
  await newcomer.fill('#title', draft[0]);
  await newcomer.fill('#body', 'The bus came an hour late three times this month.');
  await newcomer.press('main form button.button');
  await atStep(n, 2);
  // The browser's Back and Forward buttons show the steps again.
  await n.goBack();
  await atStep(n, 1);
  assert.equal(await n.locator('#title').inputValue(), draft[0]);
  await n.goForward();
  await atStep(n, 2);
  await newcomer.tick('#source');
  await newcomer.fill('#themes', 'transport, day services');
  await newcomer.press('main form button.button');
  await atStep(n, 3);
  assert.match(await n.locator('h1').innerText(), /Check your answers/);
  assert.match(await n.locator('.summary-list').innerText(), /transport, day services/);
  // Going back keeps the answers.
  await n.goBack();
  await atStep(n, 2);
  assert.equal(await n.locator('#themes').inputValue(), 'transport, day services');
  await n.goForward();
  await atStep(n, 3);
  await newcomer.press('main form button.button');
  await n.waitForURL(/\/findings\/[^/?]+\?done=added/);
  watch.stop();
  assertNoDraftIn(watch, draft);
  const findingPath = new URL(n.url()).pathname;
  assert.match(await n.locator('h1').innerText(), /Bus to the day centre is late/);

  // Rank the findings of the open ranked round: move one, type numbers, save.
  await n.goto(`${url}/forums/inspire`);
  await newcomer.press('main a[href$="/vote"]');
  await n.waitForURL(/\/rounds\/[^/]+\/vote$/);
  const roundPath = new URL(n.url()).pathname.replace(/\/vote$/, '');
  const firstTitle = (await n.locator('.ballot-item h2').first().innerText()).trim();
  await newcomer.press('button[name=move][value^="down:"]');
  await n.waitForSelector('p[role=status]');
  assert.match(await n.locator('p[role=status]').innerText(), /is now number 2/);
  assert.equal((await n.locator('.ballot-item h2').nth(1).innerText()).trim(), firstTitle);
  await newcomer.fill('main form li:nth-child(3) input[type=number]', '1');
  await newcomer.press('main form button.button[type=submit]');
  await n.waitForURL(/done=voted/);
  assert.match(await n.locator('.notice').innerText(), /Your vote is saved/);

  // The facilitator closes the round; everyone sees the result, ties marked.
  await f.goto(`${url}${roundPath}`);
  await facilitator.press('#close-button');
  await f.waitForURL(/confirm=close/);
  await facilitator.press('#close-button');
  await f.waitForURL(/done=closed/);
  await n.goto(`${url}${roundPath}`);
  await n.waitForSelector('table caption');
  assert.match(await n.locator('table caption').innerText(), /Final results/);
  const rows = await n.locator('table tbody tr').count();
  assert.ok(rows >= 2, 'the result ranks the findings');

  // Propose an improvement for the new finding.
  await n.goto(`${url}${findingPath}`);
  await newcomer.press('main a[href*="/improvements/new?finding="]');
  await n.waitForURL(/improvements\/new/);
  await newcomer.fill('#improvement-title', `Text people when the bus is late (${tag})`);
  await newcomer.fill('#summary', 'Send a text message when the bus will be more than 15 minutes late.');
  await newcomer.press('main form button[type=submit]');
  await n.waitForURL(/\/improvements\/[^/?]+\?done=proposed/);
  const improvementPath = new URL(n.url()).pathname;

  // The facilitator asks the forum to decide.
  await f.goto(`${url}${improvementPath}`);
  await facilitator.press(`main a[href="${improvementPath}/decision"]`);
  await f.waitForURL(/\/decision$/);
  await facilitator.fill('#quorum', '0');
  await facilitator.press('main form button[type=submit]');
  await f.waitForURL(/done=decision-opened/);

  // The newcomer agrees.
  await n.goto(`${url}${improvementPath}`);
  await newcomer.tick('#position');
  await newcomer.fill('#reason', 'It will help everyone who waits.');
  await newcomer.press(`form[action="${improvementPath}/vote"] button[type=submit]`);
  await n.waitForURL(/done=voted/);

  // The facilitator closes the decision: agreed.
  await f.goto(`${url}${improvementPath}`);
  await facilitator.press('#close-decision');
  await f.waitForURL(/confirm=close/);
  await facilitator.press('#close-decision');
  await f.waitForURL(/done=decision-closed/);
  await n.goto(`${url}${improvementPath}`);
  assert.match(await n.locator('#decision ~ p strong').first().innerText(), /Result: Agreed/);
  await n.goto(`${url}/forums/inspire/you-said-we-did`);
  assert.match(await n.locator('main').innerText(), /Text people when the bus is late/);
}
