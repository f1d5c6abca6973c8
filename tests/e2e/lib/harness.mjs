// Shared by the e2e tests: start a coforum server on a free port with its
// own SQLite database, launch Debian's Chromium, check pages with axe-core
// and take screenshots at 1280px and 320px.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = join(here, '..', '..', '..');
export const screenshots = join(here, '..', 'screenshots');
export const PASSWORD = 'coforum-demo';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Starts `coforum serve --demo` and resolves to { url, stop }. */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'coforum-e2e-'));
  const binary = process.env.COFORUM_BIN || join(repo, 'target', 'debug', 'coforum');
  const child = spawn(binary, ['serve', '--demo', '--listen', '127.0.0.1:0', '--database-url', `sqlite://${dir}/c.db`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}\n${stderr}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/coforum is listening on (http:\/\/[^/\s]+\/)/);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${out}\n${stderr}`)); });
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => { if (child.exitCode !== null) r(); else child.on('exit', r); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const stats = { axeChecks: 0, violations: 0, screenshots: 0 };

/**
 * Checks the page now shown: zero axe violations of WCAG 2.2 A and AA, one
 * h1, a skip link and a main landmark; then screenshots at 1280px and 320px
 * (the 320px page must not scroll sideways).
 */
export async function check(page, name) {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  stats.axeChecks += 1;
  stats.violations += results.violations.length;
  const summary = results.violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  assert.deepEqual(summary, [], `axe found problems on ${name} (${page.url()})`);
  assert.equal(await page.locator('h1').count(), 1, `${name}: one h1`);
  assert.equal(await page.locator('main#main-content').count(), 1, `${name}: main landmark`);
  assert.equal(await page.locator('a.skip-link[href="#main-content"]').count(), 1, `${name}: skip link`);
  mkdirSync(screenshots, { recursive: true });
  const size = page.viewportSize() || { width: 1280, height: 800 };
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: join(screenshots, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${name}: scrolls sideways by ${overflow}px at 320px`);
  await page.screenshot({ path: join(screenshots, `${name}-320.png`), fullPage: true });
  await page.setViewportSize(size);
  stats.screenshots += 2;
}

/** Signs in through the form (works with or without JavaScript). */
export async function signIn(page, url, email, password = PASSWORD) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

/**
 * Keyboard only: presses Tab until the focused element matches `selector`
 * (so it is reachable by keyboard), and returns it.
 */
export async function tabTo(page, selector, { max = 250 } = {}) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector);
    if (hit) return page.locator(':focus');
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

/** The id of the last path segment of the page's URL. */
export function lastId(page) {
  return new URL(page.url()).pathname.split('/').filter(Boolean).pop();
}

export function report(label) {
  console.log(`${label}: ${stats.axeChecks} axe checks, ${stats.violations} violations, ${stats.screenshots} screenshots`);
}

/**
 * "Start a vote" step by step with the mouse (works with or without
 * JavaScript): a name and a method, the first three findings, the usual
 * settings, then check the answers and start. Resolves on the new round.
 */
export async function startVote(page, url, title, methodLabel) {
  await page.goto(`${url}/forums/inspire/rounds/new`);
  await page.getByLabel('Name of the vote').fill(title);
  await page.getByLabel(methodLabel, { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await voteStep(page, 2);
  const boxes = page.locator('input[type=checkbox][name="findingIds"]');
  for (let i = 0; i < 3; i += 1) await boxes.nth(i).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await voteStep(page, 3);
  await page.getByRole('button', { name: 'Continue' }).click();
  await voteStep(page, 4);
  await page.getByRole('button', { name: 'Continue' }).click();
  await voteStep(page, 5);
  assert.match(await page.locator('.summary-list').innerText(), new RegExp(methodLabel));
  await page.getByRole('button', { name: 'Start the vote' }).click();
  await page.waitForURL(/\/rounds\/[^/]+\?done=opened/);
}

/** Waits for step `k` of "Start a vote" (every step has the same address). */
export async function voteStep(page, k) {
  await page.waitForSelector(`main .caption:has-text("Start a vote: step ${k} of 5")`);
}
