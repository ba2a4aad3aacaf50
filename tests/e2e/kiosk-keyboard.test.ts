import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, kioskTests, standInVoice, undersizedTargets } from './helpers/kiosk-harness';

/**
 * The kiosk's on-screen keyboard through the real journey, in Chromium against a real hub: a
 * resident types their name in Polish and in Arabic with the keys alone, the name reaches the
 * summary, the ticket and the hub's record of the visit, and the screen with the keyboard shown
 * is axe clean with every key at least 48 px.
 */

type Strings = {
  languageName: string;
  name: { label: string };
  summary: { callName: string };
  ticket: { titleName: string };
  keyboard: Record<'label' | 'space' | 'backspace' | 'clear' | 'done' | 'shift' | 'moreLetters' | 'latin' | 'numbers', string>;
};

/** The kiosk's own words in a language, as a resident sees them. */
const strings = (lang: string) => JSON.parse(readFileSync(new URL(`../../resources/i18n/${lang}.json`, import.meta.url), 'utf8')) as Strings;
const pl = strings('pl');
const ar = strings('ar');

const suite = kioskTests();

const waitForStep = (page: Page, kind: string) => page.locator(`.kiosk[data-step="${kind}"] h1`).waitFor();

/** Attract in `language`, walk-in, no optional questions, one need, to the name screen (language-neutral taps). */
async function walkInToName(page: Page, language: string): Promise<void> {
  await page.locator(`.language-grid button[lang="${language}"]`).click();
  await waitForStep(page, 'identify');
  await page.locator('.kiosk-content .kiosk-button.primary').click(); // no card
  await waitForStep(page, 'privacy');
  await page.locator('.kiosk-actions .kiosk-button.secondary').click(); // no optional questions
  await waitForStep(page, 'how-heard');
  await page.locator('.kiosk-actions .kiosk-button.primary').click(); // skip
  await page.locator('.kiosk[data-step="question"] .tile-grid .tile').first().waitFor();
  await page.locator('.tile-grid .tile').first().click(); // money
  await page.locator('.answer-actions .kiosk-button.primary').click();
  await page.locator('.kiosk-content .skip').click(); // the follow-up
  await waitForStep(page, 'name');
}

/** Name screen → language → access → summary; returns the summary's text. */
async function nameToSummary(page: Page, done: string): Promise<string> {
  await keyboard(page).getByRole('button', { name: done, exact: true }).click();
  await waitForStep(page, 'language');
  await page.locator('.kiosk-actions .kiosk-button.primary').click();
  await waitForStep(page, 'access');
  await page.locator('.kiosk-actions .kiosk-button.primary').click();
  await waitForStep(page, 'summary');
  await page.locator('.stop-wait').first().waitFor();
  return (await page.locator('.kiosk-content').textContent()) ?? '';
}

async function confirmToTicket(page: Page): Promise<string> {
  await page.locator('.kiosk-button.confirm').click();
  await waitForStep(page, 'ticket');
  return (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
}

const keyboard = (page: Page): Locator => page.locator('.osk');
const key = (page: Page, name: string) => keyboard(page).getByRole('button', { name, exact: true });

/** Taps each character of `text` on the on-screen keyboard (a space with the Space key). */
async function tapOut(page: Page, text: string, space: string): Promise<void> {
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) await key(page, segment === ' ' ? space : segment).click();
}

function lastVisit(): { display_name: string | null; language: string } {
  return suite.hub.hub.db.prepare('SELECT display_name, language FROM visits ORDER BY checked_in_at DESC LIMIT 1').get() as { display_name: string | null; language: string };
}

describe('the on-screen keyboard', () => {
  it('Polish: a name with ł ó ż ć typed with the keys alone reaches the summary, the ticket and the visit', async () => {
    const { page } = await suite.kiosk();
    await walkInToName(page, 'pl');
    const field = page.getByLabel(pl.name.label);
    expect(await keyboard(page).getAttribute('data-layout')).toBe('latin-pl');
    expect(await page.getByRole('group', { name: pl.keyboard.label }).count()).toBe(1);

    // The keyboard is there from the start, axe clean, its keys large.
    expect(await axeViolations(page)).toEqual([]);
    expect(await undersizedTargets(page)).toEqual([]);
    const size = await key(page, 'Ł').boundingBox();
    expect(Math.min(size?.width ?? 0, size?.height ?? 0)).toBeGreaterThanOrEqual(48);

    // A name needs no digits: no 123 key here (answers in words have one).
    expect(await keyboard(page).getByRole('button', { name: /123/ }).count()).toBe(0);

    // Focus stays in the field while keys are tapped.
    await field.click();
    await tapOut(page, 'Łucja Żółx', pl.keyboard.space);
    expect(await field.inputValue()).toBe('Łucja Żółx');
    await key(page, pl.keyboard.backspace).click();
    await key(page, 'ć').click();
    expect(await field.inputValue()).toBe('Łucja Żółć');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('display-name');

    // Shift is pressed (capitals) at each word's start, and not inside a word.
    const shift = key(page, pl.keyboard.shift);
    expect(await shift.getAttribute('aria-pressed')).toBe('false');

    const summary = await nameToSummary(page, pl.keyboard.done);
    expect(summary).toContain(pl.summary.callName.replace('{{name}}', 'Łucja Żółć'));
    expect(await confirmToTicket(page)).toBe(pl.ticket.titleName.replace('{{name}}', 'Łucja Żółć'));
    expect(lastVisit()).toEqual({ display_name: 'Łucja Żółć', language: 'pl' });
  });

  it('Arabic: a name typed right to left, more letters, Latin and back; it reaches the ticket and the visit', async () => {
    const { page } = await suite.kiosk();
    await walkInToName(page, 'ar');
    const field = page.getByLabel(ar.name.label);
    expect(await keyboard(page).getAttribute('data-layout')).toBe('arabic-ar');
    expect(await page.locator('.osk-letters').getAttribute('dir')).toBe('rtl');
    expect(await axeViolations(page)).toEqual([]);
    expect(await undersizedTargets(page)).toEqual([]);

    // Latin letters and back: names are often written in Latin.
    await key(page, `ABC ${ar.keyboard.latin}`).click();
    expect(await keyboard(page).getAttribute('data-layout')).toBe('latin');
    await tapOut(page, 'Sa', ar.keyboard.space);
    expect(await field.inputValue()).toBe('Sa');
    expect(await axeViolations(page)).toEqual([]);
    await key(page, ar.keyboard.clear).click();
    expect(await field.inputValue()).toBe('');
    await key(page, `أبت ${ar.languageName}`).click();
    expect(await keyboard(page).getAttribute('data-layout')).toBe('arabic-ar');

    // آمنة: آ is on the second layer.
    const more = key(page, `أإآ ${ar.keyboard.moreLetters}`);
    await more.click();
    expect(await more.getAttribute('aria-pressed')).toBe('true');
    await key(page, 'آ').click();
    await more.click();
    await tapOut(page, 'منة', ar.keyboard.space);
    expect(await field.inputValue()).toBe('آمنة');
    // The field sets its direction from what is typed: right to left for Arabic.
    expect(await field.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');

    // A physical keyboard still types into the same field (keys at machine speed are held back
    // briefly by the card-reader detector, then typed: wait for them).
    await field.press('End');
    await page.keyboard.type(' B');
    await expect.poll(() => field.inputValue()).toBe('آمنة B');
    await key(page, ar.keyboard.backspace).click();
    await key(page, ar.keyboard.backspace).click();
    expect(await field.inputValue()).toBe('آمنة');

    const summary = await nameToSummary(page, ar.keyboard.done);
    expect(summary).toContain('آمنة');
    expect(await confirmToTicket(page)).toContain('آمنة');
    expect(lastVisit()).toEqual({ display_name: 'آمنة', language: 'ar' });
  });

  it('Ukrainian: an answer in words with digits (a bus number) typed on the keys, 123 and back', async () => {
    const { page } = await suite.kiosk();
    const uk = strings('uk');
    await page.locator('.language-grid button[lang="uk"]').click();
    await waitForStep(page, 'identify');
    await page.locator('.kiosk-content .kiosk-button.primary').click(); // no card
    await waitForStep(page, 'privacy');
    await page.locator('.kiosk-actions .kiosk-button.secondary').click(); // no optional questions
    await waitForStep(page, 'how-heard');
    await page.locator('.tile-grid .tile').last().click(); // "Other": a few words of their own
    const field = page.locator('.text-field input');
    await keyboard(page).waitFor();
    // Capitals at the sentence's start, Cyrillic letters, then the digits behind 123.
    await tapOut(page, 'Автобус ', uk.keyboard.space);
    const numbers = keyboard(page).getByRole('button', { name: `123 ${uk.keyboard.numbers}` });
    expect(await numbers.getAttribute('aria-pressed')).toBe('false');
    await numbers.click();
    expect(await keyboard(page).getAttribute('data-layer')).toBe('numbers');
    expect(await numbers.getAttribute('aria-pressed')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    expect(await undersizedTargets(page)).toEqual([]);
    await tapOut(page, '20', uk.keyboard.space);
    await numbers.click();
    expect(await keyboard(page).getAttribute('data-layer')).toBe('0');
    await tapOut(page, ' в', uk.keyboard.space);
    expect(await field.inputValue()).toBe('Автобус 20 в');
  });

  it('with "Read aloud" on, each key says what it typed or did, in a voice for its language', async () => {
    const { page } = await suite.kiosk({ beforeLoad: standInVoice });
    const en = strings('en');
    const spoken = () => page.evaluate(() => (window as unknown as { spoken: string[][] }).spoken);
    await walkInToName(page, 'en');
    await page.getByRole('button', { name: 'Read aloud' }).click();
    await page.waitForFunction(() => (window as unknown as { spoken: string[][] }).spoken.length > 0);
    const before = (await spoken()).length;
    await tapOut(page, 'Jo', en.keyboard.space);
    await key(page, en.keyboard.backspace).click();
    await page.waitForFunction((n) => (window as unknown as { spoken: string[][] }).spoken.length >= n, before + 3);
    expect((await spoken()).slice(before)).toEqual([
      ['en-GB', 'J'],
      ['en-GB', 'o'],
      ['en-GB', en.keyboard.backspace],
    ]);
    expect(await page.getByLabel(en.name.label).inputValue()).toBe('J');
  });
});
