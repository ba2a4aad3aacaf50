import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleHub } from '../helpers/hub-fixture';
import { axeViolations, checkScreen, kioskLanguages, launchChromium, openKiosk, startKioskHub, undersizedTargets, type KioskHub } from './helpers/kiosk-harness';

/**
 * Every kiosk screen of the sample hub, in every language (the optional equality questions
 * included): axe (WCAG 2.2 A/AA and best practice) and 48 px targets in portrait and landscape.
 * English and Arabic also leave screenshots of each screen at 1080×1920 and 1920×1080 in
 * test-results/kiosk/.
 */

let browser: Browser;
let hub: KioskHub;

// A Monday morning, so the sample hub is open and the attract screen shows no "closed" notice.
const mondayMorning = () => new Date('2026-11-23T10:00:00.000Z');

beforeAll(async () => {
  [browser, hub] = await Promise.all([launchChromium(), startKioskHub({ hub: loadSampleHub(), now: mondayMorning })]);
});

afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

type Findings = { violations: string[]; smallTargets: string[] };

/** Walks one resident through every screen, checking each; answers whatever the triage engine asks. */
async function tour(page: Page, language: string, screenshots: boolean): Promise<Findings> {
  const findings: Findings = { violations: [], smallTargets: [] };
  const check = async (name: string) => {
    if (screenshots) {
      const found = await checkScreen(page, `${language}-${name}`);
      findings.violations.push(...found.violations.map((v) => `${name}: ${v}`));
      findings.smallTargets.push(...found.smallTargets.map((t) => `${name}: ${t}`));
    } else {
      findings.violations.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
      findings.smallTargets.push(...(await undersizedTargets(page)).map((t) => `${name}: ${t}`));
    }
  };
  const step = () => page.locator('.kiosk').getAttribute('data-step');
  const waitForStep = (kind: string) => page.locator(`.kiosk[data-step="${kind}"] h1`).waitFor();
  const primary = () => page.locator('.kiosk-actions .kiosk-button.primary, .answer-actions .kiosk-button.primary').first();

  await check('attract');
  await page.locator(`.language-grid button[lang="${language}"]`).click();
  await waitForStep('identify');
  await check('identify');

  await page.locator('.kiosk-toolbar .staff').click();
  await page.locator('dialog[open] #staff-title').waitFor();
  await page.locator('dialog[open] #staff-text').filter({ hasNotText: '…' }).waitFor();
  await check('staff-help');
  await page.locator('dialog[open] .kiosk-button').click();

  await page.locator('.kiosk-content .kiosk-button.primary').click(); // no card
  await waitForStep('privacy');
  await check('privacy');

  await page.locator('.kiosk-toolbar .kiosk-button.tool').last().click(); // language
  await page.locator('dialog[open] #language-title').waitFor();
  await check('language-dialog');
  await page.locator(`dialog[open] button[lang="${language}"]`).click();

  await page.locator('.kiosk-actions .kiosk-button.primary').click(); // consent: yes
  await waitForStep('how-heard');
  await page.locator('.tile-grid .tile').first().click();
  await page.locator('.tile-grid .tile').last().click(); // "other": shows its text field
  await check('how-heard');
  await primary().click();

  const seen = new Set<string>();
  while ((await step()) === 'question') {
    const id = (await page.locator('.kiosk').getAttribute('data-question')) ?? '';
    await page.locator(`.kiosk[data-question="${id}"] h1`).waitFor();
    if (seen.has(id)) throw new Error(`question ${id} came twice`);
    seen.add(id);
    const tiles = page.locator('.kiosk-content .tile-grid .tile');
    if (id === 'help-with') {
      // Work, health and money: follow-ups for each, sensitive ones included (consent was given).
      for (const i of [0, 1, 2]) await tiles.nth(i).click();
      await check(`question-${id}`);
      await page.locator('.easy-read').click();
      await check(`question-${id}-easy-read`);
      await page.locator('.easy-read').click();
      await primary().click();
    } else if ((await page.locator('.yes-no').count()) > 0) {
      await check(`question-${id}`);
      // "Yes" to feeling low, to reach the question with crisis guidance; "No" elsewhere.
      await tiles.nth(id === 'feeling-low' ? 0 : 1).click();
    } else if ((await page.locator('.kiosk-content textarea').count()) > 0) {
      await check(`question-${id}`);
      await page.locator('.kiosk-content .skip').click();
    } else if ((await page.locator('.kiosk-content .answer-actions').count()) > 0) {
      await tiles.first().click();
      await check(`question-${id}`);
      await primary().click();
    } else {
      await check(`question-${id}`);
      await tiles.first().click();
    }
    await page.waitForFunction((prev) => document.querySelector('.kiosk')?.getAttribute('data-question') !== prev, id);
  }
  expect(seen.has('self-harm')).toBe(true);

  // The sample hub asks every equality question (consent was given): each screen, the first answer.
  await waitForStep('equality-intro');
  await check('equality-intro');
  await primary().click();
  const heading = () => page.locator('.kiosk h1').textContent();
  for (let screen = 0; screen < 16 && (await step()) === 'equality'; screen += 1) {
    const id = (await page.locator('.kiosk').getAttribute('data-question')) ?? '';
    const shown = await heading();
    await check(`equality-${id}-${screen}`);
    await page.locator('.kiosk-content .tile-grid .tile').first().click();
    await page.waitForFunction((prev) => document.querySelector('.kiosk h1')?.textContent !== prev, shown);
  }

  await waitForStep('name');
  await page.locator('#display-name').fill('Sam');
  await check('name');
  await primary().click();

  await waitForStep('language');
  await check('language');
  await primary().click();

  await waitForStep('access');
  await page.locator('.tile-grid .tile').nth(1).click();
  await check('access');
  await primary().click();

  await waitForStep('summary');
  await page.locator('.stop-wait').first().waitFor();
  await check('summary');
  await page.locator('.kiosk-toolbar .kiosk-button.tool').nth(1).click(); // bigger text
  await page.locator('.kiosk-toolbar .kiosk-button.tool').nth(2).click(); // high contrast
  await check('summary-large-high-contrast');
  await page.locator('.kiosk-toolbar .kiosk-button.tool').nth(1).click();
  await page.locator('.kiosk-toolbar .kiosk-button.tool').nth(2).click();

  await page.route('**/api/check-ins', (route) => route.abort('connectionrefused'), { times: 1 });
  await page.locator('.confirm').click();
  await page.locator('.problem-box').waitFor();
  await check('summary-hub-unreachable');

  await hub.printer.setState('paper-out');
  await page.locator('.confirm').click();
  await waitForStep('ticket');
  await check('ticket-printer-out');
  await hub.printer.setState('ready');
  return findings;
}

describe('every kiosk screen, every language', () => {
  for (const language of kioskLanguages) {
    const screenshots = language === 'en' || language === 'ar';
    it(`${language}: no axe violations and no small targets on any screen${screenshots ? ' (with screenshots)' : ''}`, { timeout: 180_000 }, async () => {
      const { context, page, errors } = await openKiosk(browser, hub);
      try {
        const findings = await tour(page, language, screenshots);
        expect(findings.violations).toEqual([]);
        expect(findings.smallTargets).toEqual([]);
        expect(errors.map((e) => e.message)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('en: the ticket when it printed, and in landscape at the start', async () => {
    const { context, page } = await openKiosk(browser, hub, { viewport: { width: 1920, height: 1080 } });
    try {
      await page.getByRole('button', { name: 'Tap to start', exact: true }).click();
      await page.getByRole('button', { name: "I don't have a card, or this is my first visit" }).click();
      await page.getByRole('heading', { level: 1, name: 'Your information' }).waitFor();
      await page.getByRole('button', { name: "I'd rather talk to someone" }).click();
      await page.getByRole('button', { name: 'Confirm and get my ticket' }).click();
      await page.locator('.kiosk[data-step="ticket"] h1').waitFor();
      const found = await checkScreen(page, 'en-ticket');
      expect(found.violations).toEqual([]);
      expect(found.smallTargets).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
