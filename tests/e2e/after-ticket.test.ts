import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkScreen, countVisits, launchChromium, onScreen, openKiosk, startKioskHub, type KioskHub, type KioskPage } from './helpers/kiosk-harness';
import { agree, button, chooseHelp, hearAbout, startAsWalkIn } from './helpers/kiosk-journey';

/**
 * After the ticket (issue 16): what happens once a resident is in the queue, seen from the kiosk,
 * reception and the board.
 */

let browser: Browser;
let hub: KioskHub;
let open: KioskPage | null = null;

beforeAll(async () => {
  [browser, hub] = await Promise.all([launchChromium(), startKioskHub()]);
});

afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

afterEach(async () => {
  const errors = open?.errors ?? [];
  await open?.context.close();
  open = null;
  expect(errors.map((e) => e.message)).toEqual([]);
});

async function kiosk(): Promise<Page> {
  open = await openKiosk(browser, hub);
  return open.page;
}

/** Walk-in with the optional questions agreed, "Money", to the sensitive "unsafe at home" question. */
async function toUnsafeQuestion(page: Page): Promise<void> {
  await startAsWalkIn(page);
  await agree(page, true);
  await hearAbout(page, []);
  await chooseHelp(page, ['Money']);
  await onScreen(page, 'Do you feel unsafe at home?');
}

const guidance = /call 999.*NHS 111 and choose option 2/;

describe('a crisis or safeguarding answer', () => {
  it('offers "someone will come to you now" at once; yes checks in and alerts reception before the rest of the journey', async () => {
    const page = await kiosk();
    const visitsBefore = countVisits(hub);
    await toUnsafeQuestion(page);
    await button(page, 'Yes').click();

    // The offer comes straight after the answer, before "Anything else?" and the details screens.
    await onScreen(page, 'Would you like someone to come to you now?');
    expect(await page.getByText(guidance).isVisible()).toBe(true);
    const { violations, smallTargets } = await checkScreen(page, 'crisis-offer');
    expect(violations).toEqual([]);
    expect(smallTargets).toEqual([]);
    expect(countVisits(hub)).toBe(visitsBefore);

    await button(page, 'Yes, someone come to me now').click();
    await onScreen(page, 'Someone is coming to you now');
    expect(await page.getByText('A member of the reception team is on their way to you').isVisible()).toBe(true);
    expect(await page.getByText(guidance).isVisible()).toBe(true);
    expect(await page.getByText('have a seat').count()).toBe(0);
    const ticketScreen = await checkScreen(page, 'crisis-coming');
    expect(ticketScreen.violations).toEqual([]);

    expect(countVisits(hub)).toBe(visitsBefore + 1);
    const alert = hub.hub.alerts.list().find((a) => a.kind === 'flag' && a.flags.includes('safeguarding'));
    expect(alert?.message).toMatch(/waiting at the kiosk: go to them now/);
    // One alert that says to go to them, not a second "would like to talk to someone" beside it.
    expect(hub.hub.alerts.list().filter((a) => a.visitId === alert?.visitId).map((a) => a.kind)).toEqual(['flag']);
  });

  it('no carries on with the questions, and the offer is made once a journey', async () => {
    const page = await kiosk();
    await toUnsafeQuestion(page);
    await button(page, 'Yes').click();
    await onScreen(page, 'Would you like someone to come to you now?');
    await button(page, 'No, carry on with my check-in').click();
    await onScreen(page, 'Anything else?');
    // Back-and-forth does not make the offer again.
    await button(page, 'Back').click();
    await onScreen(page, 'Would you like someone to come to you now?');
    await button(page, 'Back').click();
    await onScreen(page, 'Do you feel unsafe at home?');
    await button(page, 'Yes').click();
    await onScreen(page, 'Anything else?');
  });
});

