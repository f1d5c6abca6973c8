// The feedback log's pages: "Tell us" by keyboard alone and without
// JavaScript, the complaints team's work queue, an item, and the year's
// report. Every page is axe clean and does not scroll sideways at 320px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, check, signIn, tabTo, report, repo } from '../lib/harness.mjs';
import { keyboardDriver, mouseDriver } from '../lib/journey.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { report('feedback'); await browser?.close(); await server?.stop(); });

/** Fills in "Tell us" with `driver`, first sending it without a kind. */
async function tellUs(d, name) {
  const { page } = d;
  await page.goto(`${server.url}/`);
  // "Tell us" is in every page's footer.
  await d.press('footer a[href="/tell-us"]');
  await page.waitForURL(/\/tell-us$/);
  await d.fill('#summary', 'My carer came late three times');
  await d.fill('#details', 'It happened on Monday, Wednesday and Friday.');
  await d.press('form[action="/tell-us"] button[type=submit]');
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /Choose what you want to tell us/);
  assert.equal(await page.locator('#summary').inputValue(), 'My carer came late three times', 'kept what was typed');
  if (name) await check(page, `${name}-error`);
  await d.tick('#kind');
  await d.fill('#contact', '01632 960123');
  await d.fill('#adjustments', 'Please call me, I cannot read small print');
  await d.press('form[action="/tell-us"] button[type=submit]');
  await page.waitForURL(/\/tell-us\/thank-you/);
  const reference = await page.locator('#reference').innerText();
  assert.match(reference, /^FB-\d{4}-\d{4}$/);
  assert.match(await page.locator('main').innerText(), /We will reply within 3 working days to say we have it/);
  return reference;
}

test('Tell us by keyboard alone', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/tell-us`);
  await check(page, 'tell-us');
  // The hidden field is never reached by Tab.
  await page.goto(`${server.url}/tell-us`);
  await tabTo(page, 'form[action="/tell-us"] button[type=submit]');
  const reachedTrap = await page.evaluate(() => document.activeElement.id === 'website');
  assert.equal(reachedTrap, false);
  // With JavaScript, the character count says how many are left.
  await page.locator('#summary').fill('abc');
  assert.match(await page.locator('#summary-info').innerText(), /You have 297 characters remaining/);
  await tellUs(keyboardDriver(page), 'tell-us-kb');
  await check(page, 'tell-us-thank-you');
  await context.close();
});

test('Tell us without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const reference = await tellUs(mouseDriver(page));
  assert.match(await page.locator('main').innerText(), new RegExp(reference));
  await context.close();
});

test('the work queue, an item and its actions (complaints team)', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const { url } = server;
  await signIn(page, url, 'complaints@example.org');
  await page.locator('header a[href="/feedback"]').click();
  await page.waitForURL(/\/feedback$/);
  for (const heading of ['Overdue', 'Due today', 'Due this week', 'Later, or no date to meet']) {
    assert.equal(await page.locator('h2', { hasText: heading }).count(), 1, heading);
  }
  await check(page, 'feedback-queue');
  await page.getByLabel('Mine').check();
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/handler=mine/);
  await check(page, 'feedback-queue-mine');
  await page.goto(`${url}/feedback`);
  // An item that is not yet acknowledged: acknowledge it, give it to me.
  const item = page.locator('li', { hasText: 'New: not acknowledged yet' }).first().locator('h3 a');
  await item.click();
  await page.waitForURL(/\/feedback\/[^/]+$/);
  await check(page, 'feedback-item');
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await page.waitForSelector('.notice');
  await page.getByLabel('Give it to').selectOption({ label: 'Kim (complaints team) (you)' });
  await page.getByRole('button', { name: 'Give it to them' }).click();
  await page.waitForSelector('.notice');
  // A response with no outcome is refused on the page, keeping the text.
  await page.getByLabel('Our response').fill('We have spoken to the provider.');
  await page.getByRole('button', { name: 'Record the response' }).click();
  await page.waitForSelector('.error-summary');
  assert.equal(await page.getByLabel('Our response').inputValue(), 'We have spoken to the provider.');
  await check(page, 'feedback-item-error');
  await page.goto(`${url}/feedback/new`);
  await check(page, 'feedback-new');
  await context.close();
});

test('the report for 2022 to 2023, printable, with the same figures as CSV', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const { url } = server;
  await signIn(page, url, 'complaints@example.org');
  await page.goto(`${url}/feedback/report?year=2022`);
  const figures = await page.locator('#complaint-figures').innerText();
  assert.match(figures, /35 complaints were received/);
  assert.match(figures, /14 of 35 \(40%\) were upheld or partly upheld/);
  const ombudsman = await page.locator('#ombudsman-figures').innerText();
  assert.match(ombudsman, /6 of 35 \(17%\) complaints were referred/);
  assert.match(ombudsman, /6 of 6 \(100%\) were upheld by the Ombudsman/);
  assert.match(ombudsman, /0 still to do/);
  assert.equal(await page.locator('figure.chart svg[role="img"]').count(), 1);
  assert.equal(await page.locator('table caption', { hasText: 'same numbers as the chart' }).count(), 1);
  // The shot for the closing note.
  const shots = process.env.FEEDBACK_REPORT_SHOT_DIR || join(repo, 'tests', 'e2e', 'screenshots');
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, 'feedback-report-2022-1280.png'), fullPage: true });
  console.log(`feedback report 2022-23 as printed:\n${await page.locator('main').innerText()}`);
  await check(page, 'feedback-report');
  // Print: no header links, no year form.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('form[action="/feedback/report"]').isVisible(), false);
  assert.equal(await page.locator('.print-only').isVisible(), true);
  await page.emulateMedia({ media: 'screen' });
  const csv = await page.request.get(`${url}/feedback/report.csv?year=2022`);
  assert.equal(csv.status(), 200);
  const bytes = await csv.body();
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark for Excel');
  assert.match(bytes.toString('utf8'), /Upheld or partly upheld,14,35,40%/);
  await context.close();
  // Officers read the report too.
  const officer = await browser.newContext();
  const o = await officer.newPage();
  await signIn(o, url, 'officer@example.org');
  await o.goto(`${url}/feedback/report?year=2022`);
  await check(o, 'feedback-report-officer');
  await officer.close();
});
