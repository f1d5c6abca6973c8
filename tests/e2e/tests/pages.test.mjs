// Every page of the web client, signed out and signed in as a member, a
// facilitator and an officer, including error states: each has zero axe
// violations (WCAG 2.2 A and AA), one h1, a skip link, reflows at 320px,
// and is screenshotted at 1280px and 320px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, check, signIn, report, startVote, voteStep } from '../lib/harness.mjs';
import { checkReadable, scores } from '../lib/readability.mjs';
import { atStep } from '../lib/journey.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  report('pages');
  console.log(`reading grades: ${scores.map((x) => `${x.name} ${x.grade}`).join(', ')}`);
  await browser?.close();
  await server?.stop();
});

async function hrefs(page, prefix) {
  return page.$$eval(`main a[href^="${prefix}"]`, (as) => as.map((a) => a.getAttribute('href')));
}

test('signed out: start, sign in, register, help, errors', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const { url } = server;
  await page.goto(url);
  await check(page, 'out-start');
  await page.goto(`${url}/sign-in`);
  await check(page, 'out-sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /Enter your email address/);
  await check(page, 'out-sign-in-error');
  await page.getByLabel('Email address').fill('member@example.org');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /wrong/);
  await page.goto(`${url}/register`);
  await check(page, 'out-register');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForSelector('.error-summary');
  await check(page, 'out-register-error');
  // A link that is not an invite says so before any form.
  const bad = await page.goto(`${url}/join/not-a-real-code`);
  assert.equal(bad.status(), 404);
  assert.match(await page.locator('h1').innerText(), /This invite link does not work/);
  assert.equal(await page.locator('main form').count(), 0);
  await check(page, 'out-join-not-an-invite');
  // The register form with a code that turns out wrong says so on the form.
  await page.goto(`${url}/register?invite=not-a-real-code`);
  await check(page, 'out-join');
  await page.getByLabel('Your name').fill('Kim');
  await page.getByLabel('Email address').fill('kim@example.org');
  await page.getByLabel('Make a password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /invite link is not right/);
  await check(page, 'out-join-bad-invite');
  await page.goto(`${url}/forgot-password`);
  await check(page, 'out-forgot-password');
  await checkReadable(page, 'out-forgot-password');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /Enter your email address/);
  await check(page, 'out-forgot-password-error');
  await page.getByLabel('Email address').fill('member@example.org');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.waitForSelector('h1:has-text("Check your email")');
  await check(page, 'out-forgot-password-sent');
  await checkReadable(page, 'out-forgot-password-sent');
  await page.goto(`${url}/reset-password/cfpr_not-a-real-token`);
  await check(page, 'out-reset-password');
  await page.getByLabel('New password').fill('a long enough password');
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await page.waitForSelector('h1:has-text("This link does not work")');
  await check(page, 'out-reset-password-dead');
  await checkReadable(page, 'out-reset-password-dead');
  await page.goto(`${url}/confirm-email/cfec_not-a-real-token`);
  await check(page, 'out-confirm-email');
  await checkReadable(page, 'out-confirm-email');
  await page.getByRole('button', { name: 'Confirm my new email address' }).click();
  await page.waitForSelector('h1:has-text("This link does not work")');
  await check(page, 'out-confirm-email-dead');
  await page.goto(`${url}/help`);
  await check(page, 'out-help');
  const missing = await page.goto(`${url}/no-such-page`);
  assert.equal(missing.status(), 404);
  await check(page, 'out-not-found');
  await page.goto(`${url}/forums/inspire`);
  assert.match(page.url(), /\/sign-in\?next=/);
  await context.close();
});

test('a form posted without the CSRF token is refused with a friendly page', async () => {
  const page = await browser.newPage();
  const response = await page.request.post(`${server.url}/sign-in`, {
    form: { email: 'member@example.org', password: 'coforum-demo' },
  });
  assert.equal(response.status(), 403);
  await page.setContent(await response.text());
  assert.match(await page.locator('h1').innerText(), /did not work/);
  await page.close();
});

test('facilitator: open a round of each method, invite, forum pages', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const { url } = server;
  await signIn(page, url, 'facilitator@example.org');
  await check(page, 'fac-start');
  await page.goto(`${url}/forums/inspire/invites`);
  await check(page, 'fac-invites');
  await page.getByLabel('How many days will it work?').fill('900');
  await page.getByRole('button', { name: 'Make invite link' }).click();
  await page.waitForSelector('.error-summary');
  await check(page, 'fac-invites-error');
  await page.getByLabel('How many days will it work?').fill('7');
  await page.getByRole('button', { name: 'Make invite link' }).click();
  await page.waitForSelector('#invite-link');
  assert.match(await page.locator('#invite-link').innerText(), /\/join\//);
  await check(page, 'fac-invite-made');
  // Invites by email: a bad address is shown on the form; then sent.
  await page.getByLabel('Email addresses', { exact: true }).fill('not an address');
  await page.getByRole('button', { name: 'Send invites' }).click();
  await page.waitForSelector('.error-summary');
  await check(page, 'fac-invites-email-error');
  await page.getByLabel('Email addresses', { exact: true }).fill('new.person@example.org');
  await page.getByRole('button', { name: 'Send invites' }).click();
  await page.waitForSelector('#sent-list');
  assert.match(await page.locator('#sent-list').innerText(), /new\.person@example\.org/);
  await check(page, 'fac-invites-emailed');

  // Members: the list with a role form each, a change of role, and the
  // confirmation before a removal (left unconfirmed: other tests use them).
  await page.goto(`${url}/forums/inspire`);
  await page.locator('main a[href="/forums/inspire/members"]').click();
  await page.waitForURL(/\/forums\/inspire\/members$/);
  await check(page, 'fac-members');
  // Keeping their own role as it is changes nothing, and shows the notice.
  const me = page.locator('main li').filter({ hasText: '(you)' });
  await me.getByLabel(/^Role/).selectOption('FACILITATOR');
  await me.getByRole('button', { name: /^Change role/ }).click();
  await page.waitForURL(/\/forums\/inspire\/members/);
  await check(page, 'fac-members-changed');
  await page.locator('main a[href$="/remove"]').first().click();
  await page.waitForSelector('#remove-button');
  await check(page, 'fac-member-remove');
  await page.getByRole('link', { name: 'No, go back' }).click();
  await page.waitForURL(/\/forums\/inspire\/members$/);

  // "Start a vote", one thing per page: each step, and each with an error.
  await page.goto(`${url}/forums/inspire/rounds/new`);
  await check(page, 'fac-round-new');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /Enter a name for the vote/);
  await check(page, 'fac-round-new-error');
  await page.getByLabel('Name of the vote').fill('Test DOT vote');
  await page.getByLabel('Dots', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await voteStep(page, 2);
  await check(page, 'fac-round-new-2');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /Choose 2 or more findings/);
  await check(page, 'fac-round-new-2-error');
  const boxes = page.locator('input[type=checkbox][name="findingIds"]');
  for (let i = 0; i < 3; i += 1) await boxes.nth(i).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await voteStep(page, 3);
  assert.equal(await page.getByLabel('Secret vote: no one can see how others voted').isChecked(), true);
  await check(page, 'fac-round-new-3');
  await page.getByLabel('Dots for each person').fill('2.5');
  await page.getByLabel('Close the vote after this many days (optional)').fill('0');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /whole number[\s\S]*1 or more/);
  await check(page, 'fac-round-new-3-error');
  await page.getByLabel('Dots for each person').fill('12');
  await page.getByLabel('Close the vote after this many days (optional)').fill('7');
  await page.getByLabel('Members see results only when the vote closes').uncheck();
  await page.getByRole('button', { name: 'Continue' }).click();
  // Does the result count as the forum's priorities, and from what turnout?
  await voteStep(page, 4);
  assert.equal(await page.getByLabel('Yes', { exact: true }).isChecked(), true);
  await check(page, 'fac-round-new-4');
  await page.getByLabel('Only if at least this many members vote (optional)').fill('150');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /100 or less/);
  await check(page, 'fac-round-new-4-error');
  await page.getByLabel('Only if at least this many members vote (optional)').fill('30');
  await page.getByRole('button', { name: 'Continue' }).click();
  await voteStep(page, 5);
  await check(page, 'fac-round-new-5');
  const answers = () => page.locator('.summary-list').innerText();
  assert.match(await answers(), /Dots for each person\s*12[\s\S]*After 7 days[\s\S]*Shown while people vote[\s\S]*Yes, if at least 30% of members vote/);
  // "Change" and "Back" keep every answer, and lead back to the check.
  await page.getByRole('button', { name: 'Change the name' }).click();
  await voteStep(page, 1);
  await page.getByLabel('Name of the vote').fill('Test DOT vote, renamed');
  await page.getByRole('button', { name: 'Continue' }).click();
  await voteStep(page, 5);
  await page.getByRole('button', { name: 'Change the findings' }).click();
  await voteStep(page, 2);
  assert.equal(await boxes.nth(2).isChecked(), true);
  await page.getByRole('button', { name: 'Back to check your answers' }).click();
  await voteStep(page, 5);
  assert.match(await answers(), /Test DOT vote, renamed[\s\S]*Dots for each person\s*12/);
  // The browser's own Back button shows the step before, as it was.
  await page.goBack();
  await voteStep(page, 2);
  await page.goForward();
  await voteStep(page, 5);
  await page.getByRole('button', { name: 'Start the vote' }).click();
  await page.waitForURL(/\/rounds\/[^/]+\?done=opened/);
  assert.match(await page.locator('h1').innerText(), /Test DOT vote, renamed/);
  await check(page, 'fac-round-opened');
  for (const [method, label] of [['APPROVAL', 'Tick the ones you agree with'], ['SCORE', 'Give each a score']]) {
    await startVote(page, url, `Test ${method} vote`, label);
  }
  await page.goto(`${url}/forums/inspire`);
  await check(page, 'fac-forum');
  const improvements = await hrefs(page, '/improvements/');
  await page.goto(`${url}${improvements[0]}`);
  await check(page, 'fac-improvement');
  for (const href of improvements) {
    await page.goto(`${url}${href}`);
    if (await page.getByRole('link', { name: 'Ask members to decide' }).count()) {
      await page.getByRole('link', { name: 'Ask members to decide' }).click();
      await check(page, 'fac-decision-open');
      await page.getByLabel('How many members must vote, in percent?').fill('200');
      await page.getByRole('button', { name: 'Start the decision' }).click();
      await page.waitForSelector('.error-summary');
      await check(page, 'fac-decision-open-error');
      break;
    }
  }
  await context.close();
});

test('member: forum, findings, a finding, comments, voting by each method, improvements', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const { url } = server;
  await signIn(page, url, 'member@example.org');
  await check(page, 'mem-start');
  await checkReadable(page, 'mem-start');
  await page.goto(`${url}/account`);
  await check(page, 'mem-account');
  await checkReadable(page, 'mem-account');
  await page.getByRole('button', { name: 'Change my password' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /Enter your password now/);
  await check(page, 'mem-account-password-error');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /Enter your new email address/);
  await check(page, 'mem-account-email-error');
  await page.goto(`${url}/forums/inspire`);
  await check(page, 'mem-forum');
  await checkReadable(page, 'mem-forum');
  await page.goto(`${url}/forums/inspire/findings`);
  await check(page, 'mem-findings');
  await checkReadable(page, 'mem-findings');
  await page.getByLabel('Show only one theme').fill('assessment');
  await page.getByRole('button', { name: 'Show findings' }).click();
  await page.waitForURL(/theme=assessment/);
  assert.match(await page.locator('h1').innerText(), /assessment/);
  await check(page, 'mem-findings-theme');
  const finding = (await hrefs(page, '/findings/'))[0];
  await page.goto(`${url}${finding}`);
  await check(page, 'mem-finding');
  await checkReadable(page, 'mem-finding');
  await page.getByRole('button', { name: 'Send comment' }).click();
  await page.waitForSelector('.error-summary');
  await check(page, 'mem-finding-comment-error');
  await page.getByLabel('Add a comment').fill('This happened to my mum too.');
  await page.getByRole('button', { name: 'Send comment' }).click();
  await page.waitForURL(/done=comment/);
  await page.getByRole('link', { name: 'Reply to Sam' }).first().click();
  await page.getByLabel('Your reply').fill('Thank you for saying so.');
  await page.getByRole('button', { name: 'Send comment' }).click();
  await page.waitForURL(/done=comment/);
  assert.match(await page.locator('.comments').innerText(), /replied to Sam/);
  await check(page, 'mem-finding-comments');
  await checkReadable(page, 'mem-finding-comments');

  // Add a finding, in three steps that each post (same address throughout).
  await page.goto(`${url}/forums/inspire/findings/new`);
  await check(page, 'mem-finding-new');
  await checkReadable(page, 'mem-finding-new');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /Enter a short title/);
  await check(page, 'mem-finding-new-error');
  await page.getByLabel('Title').fill('Letters come too late');
  await page.getByLabel('What happened').fill('The letter came after the meeting.');
  await page.getByRole('button', { name: 'Continue' }).click();
  await atStep(page, 2);
  assert.doesNotMatch(page.url(), /Letters|step=/);
  await check(page, 'mem-finding-new-2');
  await checkReadable(page, 'mem-finding-new-2');
  await page.getByLabel('Day').fill('31');
  await page.getByLabel('Month').fill('2');
  await page.getByLabel('Year').fill('2024');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /Choose where this came from/);
  await check(page, 'mem-finding-new-2-error');
  await page.getByLabel('Complaint').check();
  await page.getByLabel('Day').fill('3');
  await page.getByRole('button', { name: 'Continue' }).click();
  await atStep(page, 3);
  await check(page, 'mem-finding-new-3');
  await checkReadable(page, 'mem-finding-new-3');
  // "Change" opens the step with its answers; "Continue" comes back here.
  await page.getByRole('button', { name: 'Change the title' }).click();
  await atStep(page, 1);
  assert.equal(await page.getByLabel('Title').inputValue(), 'Letters come too late');
  await page.getByLabel('Title').fill('Letters come much too late');
  await page.getByRole('button', { name: 'Continue' }).click();
  await atStep(page, 3);
  // The page's own Back button keeps every answer.
  await page.getByRole('button', { name: 'Back to step 2' }).click();
  await atStep(page, 2);
  assert.equal(await page.getByLabel('Complaint').isChecked(), true);
  await page.getByRole('button', { name: 'Continue' }).click();
  await atStep(page, 3);
  assert.match(await page.locator('.summary-list').innerText(), /Letters come much too late[\s\S]*3 February 2024/);
  await page.getByRole('button', { name: 'Save finding' }).click();
  await page.waitForURL(/\/findings\/[^/?]+\?done=added/);
  assert.match(await page.locator('h1').innerText(), /Letters come much too late/);

  // Ballots: one page per method; the open rounds are linked from the forum.
  await page.goto(`${url}/forums/inspire`);
  const rounds = (await hrefs(page, '/rounds/')).filter((h) => h.endsWith('/vote'));
  assert.ok(rounds.length >= 4, 'the ranked round and three more are open');
  for (const href of rounds) {
    await page.goto(`${url}${href}`);
    const method = await page.locator('form[action$="/vote"]').evaluate((f) => (f.dataset.dotBudget ? 'dot'
      : f.querySelector('input[type=checkbox]') ? 'approval'
        : f.querySelector('input[type=radio]') ? 'score' : 'ranked'));
    await check(page, `mem-ballot-${method}`);
    await checkReadable(page, `mem-ballot-${method}`);
    await page.getByRole('button', { name: 'Save my vote' }).last().click();
    await page.waitForSelector('.error-summary');
    await check(page, `mem-ballot-${method}-error`);
    if (method === 'dot') {
      const inputs = page.locator('form input[type=number]');
      await inputs.nth(0).fill('6');
      await inputs.nth(1).fill('4');
    } else if (method === 'approval') {
      await page.locator('form input[type=checkbox]').nth(1).check();
    } else if (method === 'score') {
      await page.getByRole('group', { name: /^Score for/ }).first().getByLabel('5').check();
    } else {
      await page.locator('form input[type=number]').first().fill('1');
    }
    await page.getByRole('button', { name: 'Save my vote' }).last().click();
    await page.waitForURL(/done=voted/);
    assert.match(await page.locator('.notice').innerText(), /Your vote is saved/);
  }
  await check(page, 'mem-round-voted');
  await checkReadable(page, 'mem-round-voted');

  // A finished round with its results.
  await page.goto(`${url}/forums/inspire`);
  const closed = await page.$$eval('main h2', (hs) => hs.map((h) => h.textContent));
  assert.ok(closed.includes('Finished votes'));
  const finished = await page.locator('h2:text("Finished votes") + ul a').first().getAttribute('href');
  await page.goto(`${url}${finished}`);
  await check(page, 'mem-round-results');
  await checkReadable(page, 'mem-round-results');

  // Improvements.
  await page.goto(`${url}/forums/inspire`);
  for (const [n, href] of (await hrefs(page, '/improvements/')).entries()) {
    await page.goto(`${url}${href}`);
    await check(page, `mem-improvement-${n}`);
    await checkReadable(page, `mem-improvement-${n}`);
    if (await page.getByRole('link', { name: 'Compare versions' }).count()) {
      await page.getByRole('link', { name: 'Compare versions' }).click();
      await check(page, 'mem-revisions');
      await checkReadable(page, 'mem-revisions');
    }
  }
  await page.goto(`${url}/forums/inspire/improvements/new`);
  await check(page, 'mem-improvement-new');
  await page.getByRole('button', { name: 'Save improvement' }).click();
  await page.waitForSelector('.error-summary');
  await check(page, 'mem-improvement-new-error');
  await page.goto(`${url}/forums/inspire/you-said-we-did`);
  await check(page, 'mem-you-said');
  await checkReadable(page, 'mem-you-said');

  await page.goto(`${url}/forums/autism-better-together`);
  await check(page, 'mem-forum-autism');
  // The dashboard is for officers: a member is told so, with no forms.
  const others = await page.goto(`${url}/officers`);
  assert.equal(others.status(), 403);
  await check(page, 'mem-cannot');
  await context.close();
});

test('officer: dashboard with chart and table, CSV, progress', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const { url } = server;
  await signIn(page, url, 'officer@example.org');
  await page.goto(`${url}/officers`);
  await check(page, 'off-dashboard');
  assert.equal(await page.locator('svg[role="img"] title').count(), 1);
  // Where each forum's priorities come from, and how they changed.
  await page.locator('main a[href="/forums/inspire/priorities"]').first().click();
  await page.waitForURL(/\/forums\/inspire\/priorities$/);
  await check(page, 'off-priority-history');
  assert.equal(await page.locator('svg[role="img"] title').count(), 1);
  assert.ok(await page.locator('table caption').filter({ hasText: 'same figures as the chart' }).count());
  await page.goto(`${url}/officers`);
  // The trends table sits beside the chart on a wide screen, below it on a narrow one.
  const place = () => page.evaluate(() => {
    const f = document.querySelector('figure.chart').getBoundingClientRect();
    const t = document.querySelector('.chart-and-table .table-wrap').getBoundingClientRect();
    return { beside: t.left >= f.right && Math.abs(t.top - f.top) < 2, below: t.top >= f.bottom };
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.equal((await place()).beside, true, 'table beside the chart at 1280px');
  await page.setViewportSize({ width: 320, height: 640 });
  assert.equal((await place()).below, true, 'table below the chart at 320px');
  await page.setViewportSize({ width: 1280, height: 800 });
  const csv = await page.request.get(`${url}/officers/priorities.csv`);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /text\/csv/);
  assert.match(await csv.text(), /^\uFEFF?forum,rank,tied/);
  const trends = await page.request.get(`${url}/officers/trends.csv`);
  assert.match(await trends.text(), /^\uFEFF?theme,month,count,theme_total/);
  await page.goto(`${url}/forums/inspire/you-said-we-did`);
  const agreed = (await hrefs(page, '/improvements/'))[0];
  await page.goto(`${url}${agreed}/progress`);
  await check(page, 'off-progress');
  await page.getByRole('button', { name: 'Save progress' }).click();
  await page.waitForSelector('.error-summary');
  await check(page, 'off-progress-error');
  await page.getByLabel('What has the council done?').fill('We sent new letters to everyone waiting.');
  await page.getByLabel('How much is done, in percent').fill('60');
  await page.getByRole('button', { name: 'Save progress' }).click();
  await page.waitForURL(/done=progress/);
  await check(page, 'off-improvement');
  await context.close();
});

test('member: what\'s new, the email choices, the unsubscribe page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const { url } = server;
  await signIn(page, url, 'member@example.org');
  const whatsNew = page.getByRole('link', { name: /What's new/ });
  await whatsNew.click();
  await page.waitForURL(/\/whats-new/);
  assert.match(await page.locator('h1').innerText(), /What's new/);
  await check(page, 'mem-whats-new');
  await checkReadable(page, 'mem-whats-new');
  assert.ok(await page.locator('.news-item').count() > 0, 'the demo member has news');
  await page.goto(`${url}/account/notifications`);
  await check(page, 'mem-notification-settings');
  await checkReadable(page, 'mem-notification-settings');
  // Keyboard only: reach "Do not email me" for the first kind, choose it, save.
  await page.locator('#ROUND_OPENED-IMMEDIATELY').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#ROUND_OPENED-OFF').isChecked(), true);
  await page.getByRole('button', { name: 'Save my choices' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/done=saved/);
  assert.equal(await page.locator('#ROUND_OPENED-OFF').isChecked(), true);
  await check(page, 'mem-notification-settings-saved');
  await context.close();
  const anonymous = await browser.newContext();
  const ask = await anonymous.newPage();
  await ask.goto(`${url}/unsubscribe/not-a-real-link`);
  await check(ask, 'anon-unsubscribe');
  await checkReadable(ask, 'anon-unsubscribe');
  await ask.getByRole('button', { name: 'Stop these emails' }).click();
  assert.match(await ask.locator('h1').innerText(), /This link does not work/);
  await check(ask, 'anon-unsubscribe-broken');
  await anonymous.close();
});

test('admin: the emails kept in the outbox', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const { url } = server;
  await signIn(page, url, 'admin@example.org');
  await page.goto(`${url}/admin/outbox`);
  assert.match(await page.locator('h1').innerText(), /Emails/);
  await check(page, 'adm-outbox');
  await context.close();
});
