// Reading age: the Flesch–Kincaid grade of the visible text of `main`,
// leaving out what people typed (anything inside [data-user-content]),
// so the check is of coforum's own words. Each block (a paragraph, a
// heading, a list item, a label, a button, a table cell) counts as at
// least one sentence.

/** Runs in the page: the blocks of coforum's own visible words in main. */
function ownText() {
  const main = document.querySelector('main');
  const BLOCK = /^(P|H[1-6]|LI|LABEL|LEGEND|BUTTON|TD|TH|CAPTION|DT|DD|FIGCAPTION|SUMMARY|DIV|SECTION|OPTION|A)$/;
  const blocks = new Map();
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('[data-user-content], .visually-hidden, script, style, svg, textarea, select')) continue;
    if (!el.checkVisibility()) continue;
    let block = el;
    while (block !== main && !BLOCK.test(block.tagName)) block = block.parentElement;
    blocks.set(block, (blocks.get(block) || '') + node.textContent);
  }
  return [...blocks.values()].map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

export function syllables(word) {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (!w) return 0;
  if (w.length <= 3) return 1;
  const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  const groups = trimmed.match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups ? groups.length : 1);
}

/** { grade, words, sentences, syllables } of a list of text blocks. */
export function fleschKincaid(blocks) {
  let words = 0;
  let sentences = 0;
  let syl = 0;
  for (const block of blocks) {
    const parts = block.split(/[.!?:;]+(?:\s|$)/).map((s) => s.trim()).filter(Boolean);
    for (const part of parts) {
      const ws = part.split(/\s+/).filter((x) => /[a-z]/i.test(x));
      if (!ws.length) continue;
      sentences += 1;
      words += ws.length;
      for (const x of ws) syl += syllables(x);
    }
  }
  const grade = words ? 0.39 * (words / sentences) + 11.8 * (syl / words) - 15.59 : 0;
  return { grade: Math.round(grade * 10) / 10, words, sentences, syllables: syl };
}

/** The reading grade of the page now shown. */
export async function readingGrade(page) {
  const blocks = await page.evaluate(ownText);
  // Running text only: blocks of four words or more (not labels, buttons,
  // headings of one or two words or table cells), which is stricter.
  const prose = blocks.filter((b) => b.split(/\s+/).filter((x) => /[a-z]/i.test(x)).length >= 4);
  return { ...fleschKincaid(blocks), prose: fleschKincaid(prose).grade, blocks };
}

/** The highest grade allowed: reading age about 9 to 10. */
export const MAX_GRADE = 5;
/** The same for running text alone (see readingGrade). */
export const MAX_PROSE_GRADE = MAX_GRADE;
export const scores = [];

/** Prints the page's grade and fails when it is above MAX_GRADE. */
export async function checkReadable(page, name) {
  const { grade, prose, words, sentences, blocks } = await readingGrade(page);
  scores.push({ name, grade, prose });
  console.log(`reading grade ${name}: ${grade} (${words} words, ${sentences} sentences; running text alone: ${prose})`);
  if (grade > MAX_GRADE || prose > MAX_PROSE_GRADE) {
    throw new Error(`${name}: Flesch-Kincaid grade ${grade} is above ${MAX_GRADE}:\n${blocks.join('\n')}`);
  }
}
