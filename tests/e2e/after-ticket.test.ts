import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { axeViolations, checkScreen, countVisits, kioskTestHub, kioskTests, onScreen, openKiosk, startKioskHub, type KioskHub } from './helpers/kiosk-harness';
import { agree, button, chooseHelp, confirmAndWaitForTicket, finishDetails, hearAbout, startAsWalkIn, walkInToName } from './helpers/kiosk-journey';
import type { CheckInResponse } from '../../src-shared/api/contract';
import { checkInBody } from '../helpers/queue-hub';
import { call, signInAs, type StaffSession } from '../helpers/running-hub';

/**
 * After the ticket (issue 16): what happens once a resident is in the queue, seen from the kiosk,
 * reception and the board.
 */

const suite = kioskTests();
/** Hubs a test starts for itself (another configuration or clock), stopped at the end. */
const extraHubs: KioskHub[] = [];

afterAll(async () => {
  for (const extra of extraHubs) await extra.dispose();
});

async function kiosk(): Promise<Page> {
  return (await suite.kiosk()).page;
}

/** A staff screen signed in as `session`, at a reception PC's size. */
async function staffScreen(url: string, session: StaffSession, viewport = { width: 1600, height: 1000 }): Promise<Page> {
  const context = await suite.browser.newContext({ viewport });
  await context.addCookies([{ name: session.cookie.name, value: session.cookie.value, url: new URL(url).origin }]);
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  // One screen at a time: the one before is checked for page errors and closed.
  await suite.use({ context, page, errors });
  await page.goto(url);
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  return page;
}

async function checkIn(options: Parameters<typeof checkInBody>[0] & { unsafe?: boolean; talk?: boolean }): Promise<CheckInResponse> {
  const body = checkInBody(options);
  const res = await call<CheckInResponse>(suite.hub, 'POST', '/api/check-ins', {
    ...body,
    answers: { ...body.answers, ...(options.unsafe ? { 'feeling-unsafe': true } : {}) },
    talkToSomeone: options.talk === true,
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** Acknowledges every open alert over the hub, so each test starts with none. */
function clearAlerts(): void {
  for (const alert of suite.hub.hub.alerts.list()) suite.hub.hub.alerts.markAcknowledged(alert.id, new Date().toISOString(), 'test');
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
    const visitsBefore = countVisits(suite.hub);
    await toUnsafeQuestion(page);
    await button(page, 'Yes').click();

    // The offer comes straight after the answer, before "Anything else?" and the details screens.
    await onScreen(page, 'Would you like someone to come to you now?');
    expect(await page.getByText(guidance).isVisible()).toBe(true);
    const { violations, smallTargets } = await checkScreen(page, 'crisis-offer');
    expect(violations).toEqual([]);
    expect(smallTargets).toEqual([]);
    expect(countVisits(suite.hub)).toBe(visitsBefore);

    await button(page, 'Yes, someone come to me now').click();
    await onScreen(page, 'Someone is coming to you now');
    expect(await page.getByText('A member of the reception team is on their way to you').isVisible()).toBe(true);
    expect(await page.getByText(guidance).isVisible()).toBe(true);
    expect(await page.getByText('have a seat').count()).toBe(0);
    const ticketScreen = await checkScreen(page, 'crisis-coming');
    expect(ticketScreen.violations).toEqual([]);

    expect(countVisits(suite.hub)).toBe(visitsBefore + 1);
    const alert = suite.hub.hub.alerts.list().find((a) => a.kind === 'flag' && a.flags.includes('safeguarding'));
    expect(alert?.message).toMatch(/waiting at the kiosk: go to them now/);
    // One alert that says to go to them, not a second "would like to talk to someone" beside it.
    expect(suite.hub.hub.alerts.list().filter((a) => a.visitId === alert?.visitId).map((a) => a.kind)).toEqual(['flag']);
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

describe('alerts by severity', () => {
  it('puts crisis and safeguarding first and apart, folds routine alerts and dismisses them together, and keeps the queue in view', async () => {
    clearAlerts();
    const receptionist = await signInAs(suite.hub, 'reception', { displayName: 'Rita Reception' });
    // What the hub morning produced: unknown cards and "talk to someone" before and after the crisis.
    let card = 40_100_000;
    for (let i = 0; i < 3; i += 1) await checkIn({ card: String((card += 1)), name: null });
    await checkIn({ talk: true, name: null });
    const crisis = await checkIn({ help: ['housing'], sleepTonight: false, name: null });
    const unsafe = await checkIn({ unsafe: true, name: null });
    for (let i = 0; i < 3; i += 1) await checkIn({ card: String((card += 1)), name: null });
    await checkIn({ talk: true, name: null });
    suite.hub.hub.alerts.raise({ kind: 'printer', visitId: null, message: 'The ticket printer is out of paper.', flags: [], foldKey: 'printer:test' });
    expect(suite.hub.hub.alerts.list().length).toBeGreaterThanOrEqual(11);

    const reception = await staffScreen(suite.hub.screenUrls.reception, receptionist);
    const critical = reception.getByRole('group', { name: /^Crisis and safeguarding/ });
    await critical.waitFor();
    // Crisis and safeguarding first, oldest first, before every other alert in the page.
    const kinds = await reception.locator('.staff-alerts .staff-alert').evaluateAll((items) => items.map((i) => i.getAttribute('data-severity')));
    expect(kinds.slice(0, 2)).toEqual(['critical', 'critical']);
    expect(await critical.locator('.staff-alert').allInnerTexts()).toEqual([expect.stringContaining(crisis.tickets[0]!.number), expect.stringContaining(unsafe.tickets[0]!.number)]);
    expect(await critical.locator('.staff-alert').first().textContent()).toContain('Crisis');

    // Routine alerts are one folded line, not nine rows pushing the queue down.
    const routine = reception.locator('.staff-alerts-routine');
    expect(await routine.locator('summary').textContent()).toMatch(/^9 other alerts: 6 unknown card or code, 2 wants to talk to someone, 1 ticket printer$/);
    expect(await routine.locator('.staff-alert').first().isVisible()).toBe(false);
    const board = await reception.getByRole('region', { name: 'Queues by service' }).boundingBox();
    expect(board && board.y + 100).toBeLessThan(1000);
    await expectAxeClean(reception);
    await routine.locator('summary').click();
    expect(await routine.locator('.staff-alert').first().isVisible()).toBe(true);
    await expectAxeClean(reception);

    await routine.getByRole('button', { name: 'Acknowledge all 9' }).click();
    await routine.waitFor({ state: 'detached' });
    expect(await critical.locator('.staff-alert').count()).toBe(2);
    await expect.poll(() => suite.hub.hub.alerts.list().map((a) => a.kind)).toEqual(['flag', 'flag']);
  });
});

async function expectAxeClean(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

describe('reception calls a chosen visitor, and sends on to a desk or a person', () => {
  it('calls a chosen waiting ticket out of turn with the reason in the audit log; send on names the desk, which sees it and calls it first', async () => {
    clearAlerts();
    const receptionist = await signInAs(suite.hub, 'reception', { displayName: 'Rita Reception' });
    const worker = await signInAs(suite.hub, 'partner', { services: ['work'], displayName: 'Wes Work' });
    // Someone already waiting for work, then three for money advice.
    const earlyWork = await checkIn({ help: ['work'], name: 'Ada' });
    const money = [];
    for (const name of ['Ben', 'Cy', 'Di']) money.push(await checkIn({ help: ['money'], name }));
    const di = money[2]!.tickets[0]!;

    // Everyone waiting for money advice before Di (earlier tests leave some): calling her passes them over.
    const ahead = suite.hub.hub.queue
      .snapshot()
      .services.find((s) => s.serviceId === 'money')!
      .tickets.filter((t) => t.status === 'waiting' && t.id !== di.id).length;
    expect(ahead).toBeGreaterThanOrEqual(2);
    const reception = await staffScreen(suite.hub.screenUrls.reception, receptionist);
    await reception.getByLabel('My desk').selectOption('welcome|Reception');
    await reception.locator(`[data-ticket="${di.number}"] button`).click();
    await reception.getByRole('button', { name: /^Call this visitor/ }).click();
    const dialog = reception.getByRole('dialog', { name: new RegExp(`Call ${di.number}`) });
    await dialog.waitFor();
    await dialog.getByLabel('To desk').selectOption('Desk 2');
    // No reason, no call.
    await dialog.getByRole('button', { name: 'Call now' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await axeViolations(reception)).toEqual([]);
    await dialog.getByLabel(/^Reason/).fill('appointment at 10:30');
    await dialog.getByRole('button', { name: 'Call now' }).click();
    await dialog.waitFor({ state: 'detached' });

    const called = suite.hub.hub.queue.ticket(di.id);
    expect(called).toMatchObject({ status: 'called', desk: 'Desk 2' });
    expect(suite.hub.hub.queue.ticket(money[0]!.tickets[0]!.id).status).toBe('waiting');
    const audit = suite.hub.hub.db.prepare(`SELECT detail FROM audit_log WHERE action = 'ticket.called-out-of-turn' AND subject_id = ?`).get(di.id) as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ number: di.number, desk: 'Desk 2', reason: 'appointment at 10:30', passedOver: ahead });

    // Send on to Employment support, naming the desk.
    await reception.getByRole('button', { name: /^Send to another service/ }).click();
    const sendOn = reception.getByRole('dialog', { name: new RegExp(`Send ${di.number}`) });
    await sendOn.getByRole('radio', { name: 'Employment support' }).check();
    await sendOn.getByLabel('Who should see them next').selectOption('desk:Desk 5');
    expect(await axeViolations(reception)).toEqual([]);
    await sendOn.getByRole('button', { name: 'Send on' }).click();
    await sendOn.waitFor({ state: 'detached' });
    const sent = suite.hub.hub.queue.ticketsOfVisit(di.visitId).find((t) => t.serviceId === 'work')!;
    expect(sent).toMatchObject({ status: 'waiting', sentToDesk: 'Desk 5' });

    // The receiving desk sees that the visitor was sent to it, and its call next takes them first.
    const partner = await staffScreen(suite.hub.screenUrls.partner, worker);
    await partner.getByRole('checkbox', { name: 'Employment support' }).check();
    await partner.locator(`[data-ticket="${sent.number}"]`).getByText('Sent to Desk 5').first().waitFor();
    const fromDesk5 = await worker.call<{ ticket: { id: string } }>('POST', '/api/services/work/call-next', { desk: 'Desk 5' });
    expect(fromDesk5.body.ticket.id).toBe(sent.id);
    expect(suite.hub.hub.queue.ticket(earlyWork.tickets[0]!.id).status).toBe('waiting');

    // Send on can name a member of staff too.
    const other = await checkIn({ help: ['money'], name: 'Ed' });
    const res = await receptionist.call<{ newTicket: { sentToStaff: { displayName: string } | null } }>('POST', `/api/tickets/${other.tickets[0]!.id}/transfer`, {
      toServiceId: 'work',
      toStaffId: worker.staff.id,
    });
    expect(res.status).toBe(200);
    expect(res.body.newTicket.sentToStaff?.displayName).toBe('Wes Work');
  });
});

describe('one number for the whole visit', () => {
  it('keeps the number given at check-in across several services and a send on: the board, the consoles and search all use it', async () => {
    const receptionist = await signInAs(suite.hub, 'reception', { displayName: 'Rita Reception' });
    // Several needs: one number, not one per service.
    const several = await checkIn({ help: ['money', 'housing'], name: 'Flo' });
    expect(new Set(several.tickets.map((t) => t.number)).size).toBe(1);
    const number = several.tickets[0]!.number;
    // Numbers stay unique across the day's visits, whatever their first service.
    const next = await checkIn({ help: ['work'], name: 'Gus' });
    expect(next.tickets[0]!.number).not.toBe(number);

    const board = await suite.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    try {
      const display = await board.newPage();
      await display.goto(suite.hub.screenUrls.display);
      await display.locator('.nc-board[data-live="open"]').waitFor();

      const money = several.tickets.find((t) => t.serviceId === 'money')!;
      const called = await receptionist.call<{ ticket: { number: string } }>('POST', `/api/tickets/${money.id}/call`, { desk: 'Desk 1', reason: 'test: the board' });
      expect(called.body.ticket.number).toBe(number);
      await display.locator(`.nc-call[data-ticket="${number}"]`).filter({ hasText: 'Money advice' }).filter({ hasText: 'Desk 1' }).waitFor();

      // Sent on to Employment support: the same number, called there with that service and desk.
      const sent = await receptionist.call<{ newTicket: { id: string; number: string } }>('POST', `/api/tickets/${money.id}/transfer`, { toServiceId: 'work' });
      expect(sent.body.newTicket.number).toBe(number);
      await receptionist.call('POST', `/api/tickets/${sent.body.newTicket.id}/call`, { desk: 'Desk 4', reason: 'test: the board' });
      await display.locator(`.nc-call[data-ticket="${number}"]`).filter({ hasText: 'Employment support' }).filter({ hasText: 'Desk 4' }).waitFor();
      // The recent calls keep the desk on one line.
      const recent = display.locator('.nc-recent-list li').first().locator('.nc-recent-desk');
      expect(await recent.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap');
    } finally {
      await board.close();
    }

    // The console shows it under each service with the same number, and search finds the whole visit by it.
    const reception = await staffScreen(suite.hub.screenUrls.reception, receptionist);
    expect(await reception.locator(`[data-ticket="${number}"]`).count()).toBeGreaterThanOrEqual(2);
    const search = await receptionist.call<{ visits: { tickets: { number: string; serviceId: string }[] }[] }>('GET', `/api/visits/search?q=${number}`);
    expect(search.body.visits).toHaveLength(1);
    expect(new Set(search.body.visits[0]!.tickets.map((t) => t.number))).toEqual(new Set([number]));
  });
});

describe('out of hours', () => {
  // Wednesday 2 December 2026, 21:49 in London: the hub opens again on Thursday at 09:00.
  const lateEvening = () => new Date('2026-12-02T21:49:00.000Z');
  const weekdayHours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ open: '09:00', close: '16:30' }]]));

  async function closedKiosk(outOfHours: 'refuse' | 'next-opening'): Promise<{ closedHub: KioskHub; page: Page }> {
    const closedHub = await startKioskHub({
      hub: kioskTestHub({ openingHours: weekdayHours, kiosk: { idleWarningSeconds: 60, idleResetSeconds: 30, askName: true, outOfHours } }),
      now: lateEvening,
    });
    extraHubs.push(closedHub);
    const { page } = await suite.use(await openKiosk(suite.browser, closedHub));
    return { closedHub, page };
  }

  it('refuses kindly when the hub says so: says when it opens, in the resident’s language, and checks nobody in', async () => {
    const { closedHub, page } = await closedKiosk('refuse');
    await page.getByText('The hub is closed now. It opens again Thursday 09:00. Please come back then.').waitFor();
    await walkInToName(page);
    await finishDetails(page, null);
    await button(page, 'Language').click();
    await page.getByRole('button', { name: 'Polski' }).click();
    await page.locator('.kiosk-button.confirm').click();
    await page.locator('.problem-box').getByText(/czwartek, 09:00/).waitFor();
    expect(await page.locator('.problem-box').textContent()).toContain('Centrum jest teraz zamknięte');
    expect(countVisits(closedHub)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('takes the check-in for the next opening when the hub says so, and says so instead of "have a seat"', async () => {
    const { closedHub, page } = await closedKiosk('next-opening');
    await page.getByText('The hub is closed now. It opens again Thursday 09:00. You can check in now for then.').waitFor();
    await walkInToName(page);
    await finishDetails(page, 'Ola');
    await confirmAndWaitForTicket(page);
    await page.getByText('The hub is closed now. Your ticket is for when it opens again: Thursday 09:00. Please come back then.').waitFor();
    expect(await page.getByText('have a seat').count()).toBe(0);
    expect(countVisits(closedHub)).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('smaller things staff tripped on', () => {
  it('sign-in choices are at least 24 px (44 px on the partner’s tablet) and the username is a text field', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const tablet = await suite.browser.newContext({ viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true });
    try {
      const page = await context.newPage();
      await page.goto(suite.hub.screenUrls.reception);
      const radio = page.getByRole('radio', { name: 'Username and password' });
      const box = await radio.boundingBox();
      expect(Math.min(box!.width, box!.height)).toBeGreaterThanOrEqual(24);
      expect(await page.getByLabel('Username', { exact: true }).getAttribute('type')).toBe('text');

      const worker = await signInAs(suite.hub, 'partner', { services: ['work', 'money'], displayName: 'Tab Let' });
      await tablet.addCookies([{ name: worker.cookie.name, value: worker.cookie.value, url: new URL(suite.hub.url).origin }]);
      const partner = await tablet.newPage();
      await partner.goto(suite.hub.screenUrls.partner);
      const check = await partner.getByRole('checkbox', { name: 'Employment support' }).boundingBox();
      expect(Math.min(check!.width, check!.height)).toBeGreaterThanOrEqual(44);
    } finally {
      await context.close();
      await tablet.close();
    }
  });

  it('a service header counts as its lists do, and call next asks first when someone is still called to the desk', async () => {
    const receptionist = await signInAs(suite.hub, 'reception', { displayName: 'Rita Reception' });
    // Two waiting for the welcome desk; one is with money advice as well, and is called there.
    const both = await checkIn({ help: ['money'], talk: true, name: 'Hal' });
    await checkIn({ talk: true, name: 'Ivy' });
    const moneyTicket = both.tickets.find((t) => t.serviceId === 'money')!;
    await receptionist.call('POST', `/api/tickets/${moneyTicket.id}/call`, { desk: 'Desk 1', reason: 'test: header count' });

    const reception = await staffScreen(suite.hub.screenUrls.reception, receptionist);
    const welcome = reception.locator('[data-service="welcome"]');
    const waitingCount = Number((await welcome.locator('.staff-group-waiting .staff-count').textContent())?.replace(/\D/g, ''));
    const summary = (await welcome.locator('.staff-service-summary').textContent()) ?? '';
    expect(summary.startsWith(`${waitingCount} waiting · `)).toBe(true);
    const elsewhere = await welcome.locator('.staff-group-elsewhere .staff-ticket').count();
    expect(elsewhere).toBeGreaterThanOrEqual(1);
    expect(summary).toContain(`${elsewhere} with another partner`);

    await reception.getByLabel('My desk').selectOption('welcome|Reception');
    await reception.getByRole('button', { name: 'Call next to Reception' }).click();
    await reception.locator('[data-service="welcome"] [data-status="called"]').first().waitFor();
    await reception.getByRole('button', { name: 'Call next to Reception' }).click();
    const ask = reception.getByRole('alertdialog', { name: /is still called to Reception/ });
    await ask.waitFor();
    expect(await axeViolations(reception)).toEqual([]);
    await ask.getByRole('button', { name: 'Keep it' }).click();
    await ask.waitFor({ state: 'detached' });
  });
});
