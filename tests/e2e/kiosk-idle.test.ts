import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkScreen, kioskTestHub, kioskTests, onScreen } from './helpers/kiosk-harness';
import { button, confirmAndWaitForTicket, walkInToName } from './helpers/kiosk-journey';

/**
 * Inactivity (WCAG 2.2.1) on a hub with short kiosk timings: 10 s to the "Do you need more
 * time?" prompt, 20 s more to the reset. Playwright's clock fast-forwards; nothing sleeps.
 */

const suite = kioskTests({ hub: { hub: kioskTestHub({ kiosk: { idleWarningSeconds: 10, idleResetSeconds: 20, askName: true } }) } });

async function kioskWithClock(): Promise<Page> {
  return (await suite.kiosk({ beforeLoad: (page) => page.clock.install() })).page;
}

const prompt = (page: Page) => page.getByRole('alertdialog', { name: 'Do you need more time?' });

describe('kiosk inactivity', () => {
  it('warns, gives more time when asked, then clears everything and returns to attract', async () => {
    const page = await kioskWithClock();
    await walkInToName(page);
    await page.getByLabel('First name or initials').fill('Sam');
    await button(page, 'Bigger text').click();

    await page.clock.runFor(10_500);
    await prompt(page).waitFor();
    // Focus is inside the dialog, on the safe answer.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Yes, I need more time');
    await page.getByText('We will start again in 20 seconds, to keep your answers private.').waitFor();
    const found = await checkScreen(page, 'en-idle-prompt');
    expect(found.violations).toEqual([]);
    expect(found.smallTargets).toEqual([]);

    await button(page, 'Yes, I need more time').click();
    await prompt(page).waitFor({ state: 'hidden' });
    expect(await page.getByLabel('First name or initials').inputValue()).toBe('Sam');

    await page.clock.runFor(9_000);
    expect(await prompt(page).count()).toBe(0);
    await page.clock.runFor(1_500);
    await prompt(page).waitFor();
    await page.clock.runFor(20_500);
    await button(page, 'Tap to start').waitFor();
    expect(await page.locator('.kiosk').getAttribute('data-large-text')).toBeNull();
    expect(await page.locator('dialog[open]').count()).toBe(0);

    // A new journey starts empty: nothing of the last resident is left.
    await walkInToName(page);
    expect(await page.getByLabel('First name or initials').inputValue()).toBe('');
  });

  it('"Start again" on the prompt resets at once; Escape means more time', async () => {
    const page = await kioskWithClock();
    await walkInToName(page);
    await page.clock.runFor(10_500);
    await prompt(page).waitFor();
    await page.keyboard.press('Escape');
    await prompt(page).waitFor({ state: 'hidden' });
    await onScreen(page, 'What should we call you?');
    await page.clock.runFor(10_500);
    await prompt(page).waitFor();
    await button(page, 'Start again').click();
    await button(page, 'Tap to start').waitFor();
  });

  it('the ticket screen goes back to attract after a while, without a prompt', async () => {
    const page = await kioskWithClock();
    await walkInToName(page);
    await button(page, 'Just use my number').click();
    await onScreen(page, 'Which language do you want to speak?');
    await button(page, 'Next').click();
    await button(page, 'Skip').click();
    await confirmAndWaitForTicket(page);
    await page.clock.runFor(10_500);
    await button(page, 'Tap to start').waitFor();
    expect(await prompt(page).count()).toBe(0);
  });

  it('the attract screen never times out', async () => {
    const page = await kioskWithClock();
    await page.clock.runFor(120_000);
    expect(await prompt(page).count()).toBe(0);
    await button(page, 'Tap to start').waitFor();
  });
});
