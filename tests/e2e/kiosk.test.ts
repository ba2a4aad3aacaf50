import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CheckInResponse } from '../../src-shared/api/contract';
import { decodeEscPos, decodedTextLines } from '../../hardware/printer/decode-escpos';
import { checkInBody } from '../helpers/queue-hub';
import { call } from '../helpers/running-hub';
import { axeViolations, countVisits, kioskTests, onScreen, presentCard, presentQr, standInVoice, typeBurst } from './helpers/kiosk-harness';
import { agree, button, chooseHelp, confirmAndWaitForTicket, finishDetails, hearAbout, startAsWalkIn } from './helpers/kiosk-journey';

/**
 * The resident's journeys through the kiosk, in Chromium against a real hub with simulated
 * devices: walk-in, card, QR, several needs, "talk to someone", right-to-left, double taps, a
 * printer out of paper and a hub that cannot be reached.
 */

// Each test starts with paper in the printer.
const suite = kioskTests({ afterEach: (hub) => hub.printer.setState('ready') });

async function kiosk(): Promise<Page> {
  return (await suite.kiosk()).page;
}

async function ticketNumbers(page: Page): Promise<string[]> {
  return page.locator('.ticket-number').allTextContents();
}

describe('kiosk journeys', () => {
  it('walk-in: privacy, how-heard, triage, details, summary with waits, ticket, back to attract', async () => {
    const page = await kiosk();
    const before = countVisits(suite.hub);
    await startAsWalkIn(page);
    await page.getByText(/^Privacy notice, version \u2066?2026-11\u2069?$/).waitFor();
    await agree(page, true);
    await hearAbout(page, ['Friend or family', 'Other']);
    await chooseHelp(page, ['Money']);
    await onScreen(page, 'Do you feel unsafe at home?'); // sensitive: asked because consent was given
    await button(page, 'No').click();
    await onScreen(page, 'Anything else?');
    await button(page, 'Skip this question').click();
    await finishDetails(page, 'Sam');

    const stops = page.locator('.stop-list li');
    expect(await stops.count()).toBe(1);
    await page.locator('.stop-wait').first().waitFor();
    expect(await stops.first().textContent()).toContain('Money advice');
    expect(await page.getByText('We will call you: Sam').count()).toBe(1);

    await confirmAndWaitForTicket(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are checked in, Sam');
    const numbers = await ticketNumbers(page);
    expect(numbers).toHaveLength(1);
    expect(numbers[0]).toMatch(/^M\d+$/);
    expect(await page.getByText('Please take your ticket and have a seat.').count()).toBe(1);
    expect(countVisits(suite.hub)).toBe(before + 1);

    const visit = suite.hub.hub.db.prepare('SELECT method, display_name, language FROM visits ORDER BY checked_in_at DESC LIMIT 1').get() as Record<string, unknown>;
    expect(visit).toMatchObject({ method: 'walk-in', display_name: 'Sam', language: 'en' });

    await button(page, 'Finish').click();
    await button(page, 'Tap to start').waitFor();
  });

  it('known card: greets by first name, skips how-heard for a returning resident, checks in with the card', async () => {
    const seeded = await call<CheckInResponse>(suite.hub, 'POST', '/api/check-ins', checkInBody({ card: '40001234', name: 'Amira' }));
    expect(seeded.status).toBe(201);
    const page = await kiosk();
    await presentCard(page, suite.hub, '40001234');
    await onScreen(page, 'Your information');
    await page.getByText('Welcome back, Amira').waitFor();
    await agree(page, false);
    // Already answered how-heard last time, and the hub does not ask returning residents again.
    await chooseHelp(page, ['Work']);
    await onScreen(page, 'Anything else?'); // the sensitive question is not asked without consent
    await button(page, 'Skip this question').click();
    await onScreen(page, 'What should we call you?');
    expect(await page.getByLabel('First name or initials').inputValue()).toBe('Amira');
    await button(page, 'Next').click();
    await button(page, 'Next').click();
    await button(page, 'Skip').click();
    await confirmAndWaitForTicket(page);
    expect((await ticketNumbers(page))[0]).toMatch(/^E\d+$/);
    const visit = suite.hub.hub.db.prepare('SELECT method FROM visits ORDER BY checked_in_at DESC LIMIT 1').get() as { method: string };
    expect(visit.method).toBe('card');
  });

  it("a card at the hub's own reader reaches the page as a live reader message", async () => {
    expect((await call(suite.hub, 'POST', '/api/check-ins', checkInBody({ card: '40005678', name: 'Dana' }))).status).toBe(201);
    const page = await kiosk();
    suite.hub.card.simulateCard('not a card!');
    await page.getByText('Sorry, we could not read that.', { exact: false }).waitFor();
    suite.hub.card.simulateCard('40005678');
    await onScreen(page, 'Your information');
    await page.getByText('Welcome back, Dana').waitFor();
  });

  it('unknown card: offers to carry on, and an unreadable read asks to try again without breaking', async () => {
    const page = await kiosk();
    await typeBurst(page, '@@@@@@@@'); // garbled: no card number has these
    await page.getByText('Sorry, we could not read that.', { exact: false }).waitFor();
    await button(page, 'Tap to start').waitFor();

    await presentCard(page, suite.hub, '77770001');
    await onScreen(page, "We don't know this card yet");
    await button(page, 'Continue').click();
    await onScreen(page, 'Your information');
    expect(await page.getByText(/Welcome back/).count()).toBe(0);
  });

  it('keyboard-wedge card reader: a burst typed into the page identifies the resident', async () => {
    const page = await kiosk();
    await button(page, 'Tap to start').click();
    await onScreen(page, 'Do you have a card?');
    const identify = page.waitForRequest((r) => r.url().endsWith('/api/identify') && r.method() === 'POST');
    await typeBurst(page, '55550001');
    expect((await identify).postDataJSON()).toEqual({ method: 'card', raw: '55550001' });
    await onScreen(page, "We don't know this card yet");
  });

  it('QR code: a member code identifies a known resident', async () => {
    const body = { ...checkInBody({ name: 'Jo' }), identification: { method: 'qr', memberId: 'QRJO2026' } };
    expect((await call(suite.hub, 'POST', '/api/check-ins', body)).status).toBe(201);
    const page = await kiosk();
    await button(page, 'Tap to start').click();
    await onScreen(page, 'Do you have a card?');
    await presentQr(page, suite.hub, 'FD1:M:QRJO2026');
    await onScreen(page, 'Your information');
    await page.getByText('Welcome back, Jo').waitFor();
    await agree(page, false);
    await chooseHelp(page, ['Housing']);
    await onScreen(page, 'Do you have somewhere safe to sleep tonight?');
    await button(page, 'Yes').click();
    await button(page, 'Skip this question').click();
    await finishDetails(page, null);
    await confirmAndWaitForTicket(page);
    const visit = suite.hub.hub.db.prepare('SELECT method FROM visits ORDER BY checked_in_at DESC LIMIT 1').get() as { method: string };
    expect(visit.method).toBe('qr');
  });

  it("scanning one's own ticket: already checked in, with the number and the wait; no second check-in", async () => {
    const seeded = await call<CheckInResponse>(suite.hub, 'POST', '/api/check-ins', checkInBody({ help: ['money'], name: 'Ren' }));
    expect(seeded.status).toBe(201);
    const ticket = seeded.body.tickets[0]!;
    const page = await kiosk();
    const before = countVisits(suite.hub);
    await presentQr(page, suite.hub, `FD1:T:${seeded.body.visitId}`);
    const wait = ticket.estimatedWaitMinutes > 0 ? ` About ${ticket.estimatedWaitMinutes} minute${ticket.estimatedWaitMinutes === 1 ? '' : 's'} wait` : '';
    await page.getByText(`You are already checked in. Your number is ${ticket.number}.${wait}`).waitFor();
    await button(page, 'Tap to start').waitFor();
    expect(countVisits(suite.hub)).toBe(before);
  });

  it('the on-screen ticket is the printed layout: place, wait, where to go and the QR code', async () => {
    const page = await kiosk();
    await startAsWalkIn(page);
    await agree(page, false);
    await hearAbout(page, []);
    await chooseHelp(page, ['Money']);
    await button(page, 'Skip this question').click();
    await finishDetails(page, null);
    await confirmAndWaitForTicket(page);
    const job = suite.hub.printer.jobs.at(-1)!;
    const printed = decodedTextLines(decodeEscPos(job.bytes));
    const card = page.locator('.ticket-card').first();
    for (const role of ['ticket-place', 'ticket-wait']) {
      const text = (await card.locator(`.${role}`).first().textContent()) ?? '';
      expect(printed).toContain(text);
    }
    expect(printed).toContain(await page.locator('.ticket-number').first().textContent());
    expect(await page.locator('.ticket-qr').count()).toBe(1);
  });

  it('several needs: the summary lists each service and the ticket screen shows a ticket for each', async () => {
    const page = await kiosk();
    await startAsWalkIn(page);
    await agree(page, true);
    await hearAbout(page, ['Jobcentre']);
    await chooseHelp(page, ['Money', 'Housing', 'Work']);
    await onScreen(page, 'Do you have somewhere safe to sleep tonight?');
    await button(page, 'Yes').click();
    await onScreen(page, 'Do you feel unsafe at home?');
    await button(page, 'Skip this question').click();
    await button(page, 'Skip this question').click();
    await finishDetails(page, 'R K');
    const names = await page.locator('.stop-name').allTextContents();
    expect(names.map((n) => n.replace(/^\d+\.\s*/, ''))).toEqual(['Money advice', 'Housing options', 'Employment support']);
    await confirmAndWaitForTicket(page);
    const numbers = await ticketNumbers(page);
    // Three services, one number for the whole visit: the first service's.
    expect(numbers).toHaveLength(3);
    expect(new Set(numbers).size).toBe(1);
    expect(numbers[0]).toMatch(/^M\d+$/);
    await page.getByText('We will call you for each service, one at a time.').waitFor();
  });

  it('Back at every step keeps the answers given, and the progress is shown', async () => {
    const page = await kiosk();
    await startAsWalkIn(page);
    await agree(page, true);
    await hearAbout(page, []);
    await chooseHelp(page, ['Housing']);
    await onScreen(page, 'Do you have somewhere safe to sleep tonight?');
    expect(await page.getByText('Question 2 of 4').count()).toBe(1);
    await button(page, 'Back').click();
    await onScreen(page, 'What would you like help with today?');
    expect(await button(page, 'Housing').getAttribute('aria-pressed')).toBe('true');
    // Focus moves to the new screen's heading, so a screen reader announces it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kiosk-heading');
    await button(page, 'Back').click();
    await onScreen(page, 'How did you hear about us?');
    await button(page, 'Back').click();
    await onScreen(page, 'Your information');
    await button(page, 'Back').click();
    await onScreen(page, 'Do you have a card?');
    await button(page, 'Back').click();
    await button(page, 'Tap to start').waitFor();
  });

  it('"I\'d rather talk to someone" goes straight to the summary and checks in for the welcome desk', async () => {
    const page = await kiosk();
    await startAsWalkIn(page);
    await agree(page, true);
    await hearAbout(page, []);
    await onScreen(page, 'What would you like help with today?');
    await button(page, "I'd rather talk to someone").click();
    await onScreen(page, 'Check your visit');
    await page.getByText('A member of staff will talk with you first.').waitFor();
    expect(await page.locator('.stop-name').allTextContents()).toEqual(['1. Welcome desk']);
    await confirmAndWaitForTicket(page);
    expect((await ticketNumbers(page))[0]).toMatch(/^W\d+$/);
    const visit = suite.hub.hub.db.prepare('SELECT talk_to_someone FROM visits ORDER BY checked_in_at DESC LIMIT 1').get() as { talk_to_someone: number };
    expect(visit.talk_to_someone).toBe(1);
  });

  it('Arabic: the page is right-to-left and mirrored, and axe finds nothing', async () => {
    const page = await kiosk();
    await page.getByRole('button', { name: /العربية/ }).click();
    await onScreen(page, 'هل لديك بطاقة؟');
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar']);
    expect(await page.locator('.kiosk').getAttribute('dir')).toBe('rtl');
    await page.getByRole('button', { name: 'ليست لدي بطاقة، أو هذه زيارتي الأولى' }).click();
    await onScreen(page, 'معلوماتك');
    // Mirrored: Back sits at the right-hand end, "talk to someone" at the left.
    const back = await page.getByRole('button', { name: 'رجوع' }).boundingBox();
    const talk = await page.getByRole('button', { name: 'أفضّل التحدث مع شخص' }).boundingBox();
    expect(back && talk && back.x > talk.x).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'نعم، يمكنكم السؤال' }).click();
    await onScreen(page, 'كيف سمعت عنا؟');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a double tap on confirm makes one visit and one request', async () => {
    const page = await kiosk();
    const before = countVisits(suite.hub);
    let posts = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/check-ins') && r.method() === 'POST') posts += 1;
    });
    await startAsWalkIn(page);
    await agree(page, false);
    await hearAbout(page, []);
    await chooseHelp(page, ['Money']);
    await button(page, 'Skip this question').click();
    await finishDetails(page, null);
    const confirm = button(page, 'Confirm and get my ticket');
    // Two taps inside one frame, before React can re-render the button as disabled.
    await confirm.evaluate((el: HTMLElement) => {
      el.click();
      el.click();
    });
    await onScreen(page, /^You are checked in/);
    expect(posts).toBe(1);
    expect(countVisits(suite.hub)).toBe(before + 1);
  });

  it('a double tap on an answer answers once and never answers the next question', async () => {
    const page = await kiosk();
    await startAsWalkIn(page);
    await agree(page, true);
    await hearAbout(page, []);
    await chooseHelp(page, ['Housing']);
    await onScreen(page, 'Do you have somewhere safe to sleep tonight?');
    await button(page, 'Yes').dblclick();
    await onScreen(page, 'Do you feel unsafe at home?');
    // The second tap landed where "Yes" is on this screen too, and did nothing.
    expect(await button(page, 'Yes').getAttribute('aria-pressed')).toBe('false');
    expect(await button(page, 'No').getAttribute('aria-pressed')).toBe('false');
  });

  it('printer out of paper: the ticket is shown large and the resident is told reception knows', async () => {
    await suite.hub.printer.setState('paper-out');
    const page = await kiosk();
    await startAsWalkIn(page);
    await agree(page, false);
    await hearAbout(page, []);
    await chooseHelp(page, ['Work']);
    await button(page, 'Skip this question').click();
    await finishDetails(page, null);
    await confirmAndWaitForTicket(page);
    await page.getByRole('alert').filter({ hasText: 'The printer is not working.' }).waitFor();
    expect(await page.getByText('Reception has been told.', { exact: false }).count()).toBe(1);
    const number = page.locator('.ticket-number').first();
    expect(await number.textContent()).toMatch(/^E\d+$/);
    const fontSize = await number.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(96);
    const alerts = suite.hub.hub.alerts.list().map((a) => a.kind);
    expect(alerts).toContain('printer');
  });

  it('hub unreachable on confirm: a clear message and a retry that checks in once', async () => {
    const page = await kiosk();
    const before = countVisits(suite.hub);
    await startAsWalkIn(page);
    await agree(page, false);
    await hearAbout(page, []);
    await chooseHelp(page, ['Money']);
    await button(page, 'Skip this question').click();
    await finishDetails(page, 'Lee');
    await page.route('**/api/check-ins', (route) => route.abort('connectionrefused'), { times: 1 });
    await button(page, 'Confirm and get my ticket').click();
    await page.getByRole('alert').filter({ hasText: "We can't reach the hub system right now. Nothing is lost." }).waitFor();
    expect(countVisits(suite.hub)).toBe(before);
    await onScreen(page, 'Check your visit'); // still here, with everything entered
    await button(page, 'Try again').click();
    await onScreen(page, 'You are checked in, Lee');
    expect(countVisits(suite.hub)).toBe(before + 1);
  });

  it('an answer lost after the hub committed: the retry gets the same visit, not a second one', async () => {
    const page = await kiosk();
    const before = countVisits(suite.hub);
    await startAsWalkIn(page);
    await agree(page, false);
    await hearAbout(page, []);
    await chooseHelp(page, ['Work']);
    await button(page, 'Skip this question').click();
    await finishDetails(page, null);
    // The request reaches the hub, but the reply never reaches the kiosk.
    await page.route(
      '**/api/check-ins',
      async (route) => {
        await route.fetch();
        await route.abort('connectionreset');
      },
      { times: 1 },
    );
    await button(page, 'Confirm and get my ticket').click();
    await button(page, 'Try again').click();
    await onScreen(page, /^You are checked in/);
    expect(countVisits(suite.hub)).toBe(before + 1);
  });

  it('read-aloud speaks each screen where the platform has a voice for the language, and is silent where not', async () => {
    const { page } = await suite.kiosk({ beforeLoad: standInVoice });
    const spoken = () => page.evaluate(() => (window as unknown as { spoken: string[][] }).spoken);
    await button(page, 'Read aloud').click();
    await page.waitForFunction(() => (window as unknown as { spoken: string[][] }).spoken.length > 0);
    expect(await spoken()).toEqual([['en-GB', 'Welcome to Test Hub']]);
    await button(page, 'Tap to start').click();
    await onScreen(page, 'Do you have a card?');
    await page.waitForFunction(() => (window as unknown as { spoken: string[][] }).spoken.length > 1);
    expect((await spoken())[1]).toEqual(['en-GB', 'Do you have a card? Hold your card to the reader, or show your QR code to the scanner.']);
    // No Polish voice: the kiosk stays silent rather than read Polish with an English voice.
    await button(page, 'Language').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Polski' }).click();
    await onScreen(page, 'Czy masz kartę?');
    await button(page, 'Wstecz').click();
    await button(page, 'Dotknij, aby zacząć').waitFor();
    expect((await spoken()).length).toBe(2);
  });

  it('"Get a member of staff", bigger text and high contrast are on every screen', async () => {
    const page = await kiosk();
    for (const screen of ['attract', 'identify']) {
      expect(await button(page, 'Get a member of staff').count(), screen).toBe(1);
      expect(await button(page, 'Bigger text').count(), screen).toBe(1);
      expect(await button(page, 'High contrast').count(), screen).toBe(1);
      if (screen === 'attract') await button(page, 'Tap to start').click();
    }
    await button(page, 'Bigger text').click();
    await button(page, 'High contrast').click();
    expect(await page.locator('.kiosk').getAttribute('data-large-text')).toBe('on');
    expect(await page.locator('.kiosk').getAttribute('data-contrast')).toBe('high');
    expect(await button(page, 'High contrast').getAttribute('aria-pressed')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);

    await button(page, 'Get a member of staff').click();
    const dialog = page.getByRole('dialog', { name: 'Getting help' });
    await dialog.waitFor();
    await dialog.getByText(/member of staff/).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Close');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('says the screen needs reloading, in the resident’s language, when the live channel sends what it cannot read', async () => {
    const page = await kiosk();
    for (const client of suite.hub.server.websocketServer.clients) client.send(JSON.stringify({ kind: 'reader', source: 'card', from: 'a newer hub' }));
    const banner = page.getByRole('alert').filter({ hasText: 'This screen needs reloading.' });
    await banner.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: /Polski/ }).first().click();
    await onScreen(page, 'Czy masz kartę?');
    await page.getByRole('alert').filter({ hasText: 'Ten ekran trzeba odświeżyć.' }).getByRole('button', { name: 'Odśwież' }).click();
    await page.getByRole('button', { name: 'Tap to start', exact: true }).waitFor();
    expect(await page.getByText('This screen needs reloading.').count()).toBe(0);
  });
});
