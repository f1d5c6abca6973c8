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

  // Add a finding.
  await newcomer.press('main a[href="/forums/inspire/findings/new"]');
  await n.waitForURL(/findings\/new/);
  // Three short steps: what happened, where it came from, check answers.
  await newcomer.fill('#title', `Bus to the day centre is late (${tag})`);
  await newcomer.fill('#body', 'The bus came an hour late three times this month.');
  await newcomer.press('main form button[type=submit]');
  await n.waitForURL(/findings\/new\?step=2/);
  await n.goBack();
  await n.waitForURL(/findings\/new$/);
  assert.equal(await n.locator('#title').inputValue(), `Bus to the day centre is late (${tag})`);
  await n.goForward();
  await n.waitForURL(/findings\/new\?step=2/);
  await newcomer.tick('#source');
  await newcomer.fill('#themes', 'transport, day services');
  await newcomer.press('main form button[type=submit]');
  await n.waitForURL(/findings\/new\?step=3/);
  assert.match(await n.locator('h1').innerText(), /Check your answers/);
  assert.match(await n.locator('.summary-list').innerText(), /transport, day services/);
  // Going back keeps the answers.
  await n.goBack();
  await n.waitForURL(/findings\/new\?step=2/);
  assert.equal(await n.locator('#themes').inputValue(), 'transport, day services');
  await n.goForward();
  await n.waitForURL(/findings\/new\?step=3/);
  await newcomer.press('main form button[type=submit]');
  await n.waitForURL(/\/findings\/[^/?]+\?done=added/);
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
  await f.waitForURL(/done=decision-closed/);
  await n.goto(`${url}${improvementPath}`);
  assert.match(await n.locator('#decision ~ p strong').first().innerText(), /Result: Agreed/);
  await n.goto(`${url}/forums/inspire/you-said-we-did`);
  assert.match(await n.locator('main').innerText(), /Text people when the bus is late/);
}
