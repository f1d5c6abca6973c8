// The emails' own words read as plainly as the pages: the reading-age check
// of the web client (Flesch-Kincaid grade at most MAX_GRADE) over each
// plain-text template in crates/mail/templates, placeholders left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fleschKincaid, MAX_GRADE } from '../lib/readability.mjs';

const templates = fileURLToPath(new URL('../../../crates/mail/templates/', import.meta.url));

/** A template's text as blocks (paragraphs), without template tags or links. */
function blocks(text) {
  return text
    .replace(/\{%.*?%\}/gs, '')
    .replace(/\{\{.*?\}\}/g, '')
    .split(/\n\s*\n/)
    .map((b) => b.replace(/\s+/g, ' ').trim())
    .filter((b) => /[a-z]/i.test(b));
}

const names = readdirSync(templates).filter((name) => name.endsWith('.txt'));

test('there are email templates to check', () => {
  assert.ok(names.length > 0, `no .txt templates in ${templates}`);
});

for (const name of names) {
  test(`email ${name} reads at grade ${MAX_GRADE} or below`, () => {
    const { grade, words } = fleschKincaid(blocks(readFileSync(templates + name, 'utf8')));
    console.log(`reading grade email ${name}: ${grade} (${words} words)`);
    assert.ok(words > 5, `${name} has almost no words`);
    assert.ok(grade <= MAX_GRADE, `${name}: grade ${grade} is above ${MAX_GRADE}`);
  });
}
