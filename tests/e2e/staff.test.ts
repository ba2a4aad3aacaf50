/**
 * The staff screens in Chromium, several at once against one real hub: reception, two partners
 * (money advice on a laptop, housing on a tablet) and the "now calling" display, through a day in
 * miniature. Build the screens first: `npm run build:web`.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import pino from 'pino';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevices } from '../../src-main/devices/create-devices';
import type { CheckInResponse, QueueSnapshot, TicketView } from '../../src-shared/api/contract';
import { serviceDayOf } from '../../src-shared/time';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { call, signInAs, startTestHub, type StaffSession, type TestHub } from '../helpers/running-hub';

const shots = 'test-results/staff';
const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
  // A wall display is set up to play its chime without a click; the consoles unlock on first use.
  '--autoplay-policy=no-user-gesture-required',
];

/** A browser on its own (cookies and storage), signed in as `session` when given. */
async function openScreen(browser: Browser, url: string, session: StaffSession | null, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, ...options });
  if (session) await context.addCookies([{ name: session.cookie.name, value: session.cookie.value, url: new URL(url).origin }]);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${url}: ${error.message}`));
  await page.goto(url);
  return page;
}

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(summary, `axe on ${what}`).toEqual([]);
}

/** Records, in the page, when a ticket first shows in a given state (Date.now, comparable with the test's clock). */
async function watchTicket(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const w = window as unknown as { __seenAt?: Record<string, number> };
    w.__seenAt ??= {};
    const seen = w.__seenAt;
    const check = () => {
      if (seen[sel] === undefined && document.querySelector(sel)) seen[sel] = Date.now();
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    check();
  }, selector);
}

async function seenAt(page: Page, selector: string): Promise<number> {
  const handle = await page.waitForFunction((sel) => (window as unknown as { __seenAt?: Record<string, number> }).__seenAt?.[sel], selector, { timeout: 5000 });
  return (await handle.jsonValue()) as number;
}

const ticketIn = (page: Page, number: string) => page.locator(`[data-ticket="${number}"]`).first();

describe('staff screens: a day in miniature', () => {
  let hub: TestHub;
  let browser: Browser;
  let clockOffsetMs = 0;
  const latencies: { to: string; ms: number }[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // Dev checks in in Polish: a language must be one the hub offers.
    const config = queueTestHub({ languages: { default: 'en', offered: ['en', 'pl'] } });
    const devices = await createDevices(config, pino({ level: 'silent' }));
    hub = await startTestHub({ hub: config, devices, now: () => new Date(Date.now() + clockOffsetMs) });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs });
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    if (latencies.length > 0) console.log('call → screen latencies (ms):', latencies.map((l) => `${l.to} ${l.ms}`).join(', '));
  });

  const checkIn = async (options: Parameters<typeof checkInBody>[0], visitor: Partial<{ language: string; interpreter: boolean; accessibility: string[] }> = {}) => {
    const body = checkInBody(options);
    const res = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', { ...body, visitor: { ...body.visitor, ...visitor } });
    expect(res.status).toBe(201);
    return res.body;
  };

  /** Calls next over the API (as `by`) and measures until each page shows the call. */
  const callAndMeasure = async (by: StaffSession, serviceId: string, desk: string, number: string, watchers: { page: Page; name: string; selector: string }[]) => {
    for (const w of watchers) await watchTicket(w.page, w.selector);
    const t0 = Date.now();
    const res = await by.call<{ ticket: TicketView }>('POST', `/api/services/${serviceId}/call-next`, { desk });
    expect(res.body.ticket.number).toBe(number);
    for (const w of watchers) latencies.push({ to: w.name, ms: (await seenAt(w.page, w.selector)) - t0 });
  };

  it('reception, two partners and the display work a day together, each seeing what its role should', async () => {
    const receptionist = await signInAs(hub, 'reception', { displayName: 'Rita Reception' });
    const moneyAdviser = await signInAs(hub, 'partner', { services: ['money'], displayName: 'Mo Money' });
    const housingOfficer = await signInAs(hub, 'partner', { services: ['housing'], displayName: 'Hana Housing' });
    const reception = await openScreen(browser, hub.screenUrls.reception, receptionist);
    const money = await openScreen(browser, hub.screenUrls.partner, moneyAdviser, { viewport: { width: 1280, height: 800 } });
    const housing = await openScreen(browser, hub.screenUrls.partner, housingOfficer, { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true });
    // The display board needs no account: it hears calls only.
    const display = await openScreen(browser, hub.screenUrls.display, null, { viewport: { width: 1920, height: 1080 } });

    for (const page of [reception, money, housing]) await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await display.locator('.nc-board[data-live="open"]').waitFor();

    // A partner account is offered its own services only.
    expect(await money.getByRole('group', { name: 'My services' }).locator('label').allInnerTexts()).toEqual(['Money advice']);
    expect(await housing.getByRole('group', { name: 'My services' }).getByRole('checkbox').count()).toBe(1);

    // Each screen chooses once where it sits; the choice is remembered on that PC.
    await reception.getByLabel('My desk').selectOption('welcome|Reception');
    await money.getByRole('checkbox', { name: 'Money advice' }).check();
    await money.getByLabel('My desk').selectOption('Desk 1');
    await housing.getByRole('checkbox', { name: 'Housing options' }).check();

    // Morning check-ins from the kiosk: Ava has two needs (and has waited 18 minutes: near the
    // 20-minute target), Cat has nowhere to sleep tonight (crisis), Dev has waited 25 minutes.
    // (The hub's clock is moved back for their check-ins, unless that would cross midnight.)
    const backdate = serviceDayOf(new Date(Date.now() - 30 * 60_000), 'Europe/London') === serviceDayOf(new Date(), 'Europe/London');
    clockOffsetMs = backdate ? -18 * 60_000 : 0;
    const ava = await checkIn({ help: ['money', 'housing'], name: 'Ava' });
    expect(ava.tickets.map((t) => t.number)).toEqual(['M001', 'M001']);
    clockOffsetMs = 0;
    await checkIn({ help: ['money'], name: 'Ben' });
    const cat = await checkIn({ help: ['housing'], sleepTonight: false, name: 'Cat' });
    expect(cat.flags).toContain('crisis');
    clockOffsetMs = backdate ? -25 * 60_000 : 0;
    await checkIn({ help: ['work'], name: 'Dev' }, { language: 'pl', interpreter: true, accessibility: ['step-free'] });
    clockOffsetMs = 0;

    // Reception sees every service; crisis on top and ringing; interpreter and access needs in words.
    for (const n of ['M001', 'M002', 'H003', 'E004']) await ticketIn(reception, n).waitFor();
    const housingWaiting = reception.locator('[data-service="housing"] .staff-group-waiting li');
    expect(await housingWaiting.first().getAttribute('data-ticket')).toBe('H003');
    expect(await ticketIn(reception, 'H003').innerText()).toContain('Crisis');
    expect(await ticketIn(reception, 'E004').innerText()).toMatch(/Interpreter: Polish[\s\S]*Step-free access/);
    expect(await ticketIn(reception, 'M002').innerText()).toMatch(/Waiting 0 min/);
    if (backdate) {
      // Waits against the target: in words and as a tag, with colour only as a second cue.
      expect(await ticketIn(reception, 'M001').getAttribute('data-wait')).toBe('near');
      expect(await ticketIn(reception, 'M001').innerText()).toMatch(/Near target[\s\S]*Waiting 1[78] min, near the 20 min target/);
      expect(await ticketIn(reception, 'E004').getAttribute('data-wait')).toBe('over');
      expect(await ticketIn(reception, 'E004').innerText()).toMatch(/Over target[\s\S]*Waiting 2[45] min, over the 20 min target/);
    }
    const alert = reception.locator('.staff-alert-flag').filter({ hasText: 'H003' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Crisis');
    await reception.locator('.staff-alerts[data-ringing="true"]').waitFor();
    await reception.screenshot({ path: `${shots}/reception-morning.png`, fullPage: true });
    await expectNoAxeViolations(reception, 'reception with an alert');
    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await reception.locator('.staff-alerts[data-ringing="false"]').waitFor({ state: 'attached' });

    // A partner sees its own services' tickets only: the hub sends it nothing else.
    await ticketIn(money, 'M001').waitFor();
    await ticketIn(money, 'M002').waitFor();
    // (Ava's housing stop carries her visit's number, M001: the money adviser sees only her money ticket.)
    expect(await money.locator('[data-ticket="H003"], [data-ticket="E004"]').count()).toBe(0);
    expect(await money.locator('[data-ticket="M001"]').count()).toBe(1);
    await ticketIn(housing, 'H003').waitFor();
    expect(await housing.locator('[data-ticket="M002"], [data-ticket="E004"]').count()).toBe(0);
    const moneyQueue = await moneyAdviser.call<QueueSnapshot>('GET', '/api/queue');
    expect(moneyQueue.body.services.filter((q) => q.serviceId !== 'money').flatMap((q) => q.tickets)).toEqual([]);
    // …and no needs but its own: Ava's housing need is not shown to money advice.
    expect(moneyQueue.body.services.find((q) => q.serviceId === 'money')?.tickets.find((t) => t.number === 'M001')?.needs).toEqual(['money']);
    expect(await housingOfficer.call('POST', '/api/tickets/x/cancel', {}).then((r) => r.status)).toBe(403);
    expect(await housingOfficer.call('GET', '/api/alerts').then((r) => r.status)).toBe(403);

    // Money calls Ava to Desk 1: the display, reception and the housing tablet show it at once.
    await callAndMeasure(moneyAdviser, 'money', 'Desk 1', 'M001', [
      { page: display, name: 'display', selector: '.nc-call[data-ticket="M001"]' },
      { page: reception, name: 'reception', selector: '[data-ticket="M001"][data-status="called"]' },
      { page: housing, name: 'housing (with another partner)', selector: '[data-ticket="M001"][data-with-another="true"]' },
    ]);
    // The budget (p95 < 250 ms to 30 screens) is measured by bench/fanout.ts; here a loose bound
    // catches a screen that polls or re-reads the queue instead of applying the live event.
    for (const l of latencies) expect(l.ms, `call → ${l.to}`).toBeLessThan(1000);
    expect(await display.locator('.nc-call').innerText()).toMatch(/M001\s*→\s*Desk 1/);
    // Housing is told Ava is with another partner, never with whom.
    expect(await housing.locator('[data-ticket="M001"]').innerText()).toContain('With another partner now');
    expect(await reception.locator('[data-service="housing"] [data-ticket="M001"]').innerText()).toContain('With Money advice now');
    // The display shows ticket and desk only: no names (display.showName is off).
    for (const name of ['Ava', 'Ben', 'Cat', 'Dev']) expect(await display.locator('body').innerText()).not.toContain(name);
    await money.locator('.staff-with-me[data-ticket="M001"]').waitFor();
    await money.screenshot({ path: `${shots}/partner-money-called.png`, fullPage: true });

    // Housing calls next: Cat (crisis) comes first; Ava is with another partner and cannot be called.
    await housing.getByRole('button', { name: /Call next to Desk 3/ }).click();
    await housing.locator('.staff-with-me[data-ticket="H003"]').waitFor();
    await display.locator('.nc-call[data-ticket="H003"]').waitFor();
    await display.locator('.nc-recent-list li[data-ticket="M001"]').waitFor();
    await display.screenshot({ path: `${shots}/display-calling.png` });
    await expectNoAxeViolations(display, 'the display');

    // Money sees Ava, then finishes with a referral.
    await money.getByRole('button', { name: /^Start/ }).click();
    await money.locator('.staff-with-me[data-ticket="M001"][data-status="serving"]').waitFor();
    await money.getByRole('button', { name: /^Finish/ }).click();
    const finishDialog = money.getByRole('dialog', { name: /Finish M001/ });
    await finishDialog.getByRole('radio', { name: 'Referred to another organisation' }).check();
    await finishDialog.getByRole('textbox', { name: 'Referred to' }).fill('Citizens Advice debt team');
    await expectNoAxeViolations(money, 'the finish dialog');
    await finishDialog.getByRole('button', { name: 'Finish', exact: true }).click();
    await money.getByText('Finished M001 (Ava): referred to another organisation (Citizens Advice debt team).').waitFor();
    // Ava is free again: waiting for housing, no longer "with another partner".
    await housing.locator('.staff-group-title + ol [data-ticket="M001"]').waitFor();

    // Housing finishes Cat (seen straight from "called") and calls Ava.
    await housing.getByRole('button', { name: /^Finish/ }).click();
    await housing.getByRole('dialog').getByRole('radio', { name: 'Advice given' }).check();
    await housing.getByRole('dialog').getByRole('button', { name: 'Finish', exact: true }).click();
    await housing.locator('.staff-with-me').waitFor({ state: 'detached' });
    await housing.getByRole('button', { name: /Call next to Desk 3/ }).click();
    await housing.locator('.staff-with-me[data-ticket="M001"]').waitFor();

    // Money calls Ben, who turns out to need housing: sent on across partners.
    await money.getByRole('button', { name: /Call next to Desk 1/ }).click();
    await money.locator('.staff-with-me[data-ticket="M002"]').waitFor();
    await money.getByRole('button', { name: /Send to another service/ }).click();
    const sendOn = money.getByRole('dialog', { name: /Send M002/ });
    await sendOn.getByRole('radio', { name: 'Housing options' }).check();
    await sendOn.getByRole('button', { name: 'Send on' }).click();
    // A partner is told the visitor was sent on, not the new ticket (which would say whether they already waited there).
    await money.getByText(/M002 \(Ben\) sent on to Housing options\./).waitFor();
    await ticketIn(housing, 'M002').waitFor();
    await reception.locator('[data-service="housing"] [data-ticket="M002"]').waitFor();
    expect(await money.locator('[data-ticket="M002"]').count()).toBe(0);

    // Housing registers Ava, calls Ben; a no-show too early is refused with a countdown.
    await housing.getByRole('button', { name: /^Finish/ }).click();
    await housing.getByRole('dialog').getByRole('radio', { name: 'Registered onto the programme' }).check();
    await housing.getByRole('dialog').getByRole('button', { name: 'Finish', exact: true }).click();
    await housing.getByRole('button', { name: /Call next to Desk 3/ }).click();
    await housing.locator('.staff-with-me[data-ticket="M002"]').waitFor();
    await housing.getByRole('button', { name: /^No-show/ }).click();
    await housing.getByText(/Give M002 (about \d+ more minutes|\d+ more seconds?) to arrive/).waitFor();
    await housing.getByText(/No-show possible in [45]:\d\d/).first().waitFor();
    await housing.screenshot({ path: `${shots}/partner-housing-tablet.png`, fullPage: true });
    await expectNoAxeViolations(housing, 'the partner view on a tablet');

    // Six minutes on (the hub's clock), reception marks Ben a no-show (key X), then undoes it.
    clockOffsetMs += 6 * 60_000;
    await reception.locator('[data-service="housing"] [data-ticket="M002"]').getByRole('button').click();
    await reception.keyboard.press('x');
    const undoToast = reception.locator('.staff-toast').filter({ hasText: 'M002 (Ben) marked as a no-show.' });
    await undoToast.waitFor();
    await housing.locator('.staff-with-me').waitFor({ state: 'detached' });
    await undoToast.getByRole('button', { name: 'Undo' }).click();
    await reception.getByText('M002 (Ben) is back in the Housing options queue at their old place.').waitFor();
    await housing.locator('.staff-ticket-static[data-ticket="M002"][data-status="waiting"]').waitFor();
    await housing.getByRole('button', { name: /Call next to Desk 3/ }).click();
    await housing.locator('.staff-with-me[data-ticket="M002"]').waitFor();
    await housing.getByRole('button', { name: /^Finish/ }).click();
    await housing.getByRole('dialog').getByRole('radio', { name: 'Appointment booked' }).check();
    await housing.getByRole('dialog').getByRole('button', { name: 'Finish', exact: true }).click();
    await housing.locator('.staff-with-me').waitFor({ state: 'detached' });

    // Reception checks someone in by hand (keyboard: C), and one more for the welcome desk.
    await reception.locator('body').click({ position: { x: 5, y: 5 } });
    await reception.keyboard.press('c');
    const checkInDialog = reception.getByRole('dialog', { name: 'Check someone in by hand' });
    await checkInDialog.getByLabel('First name or initials').fill('Eve');
    await checkInDialog.getByRole('group', { name: 'What would you like help with today?' }).getByRole('checkbox', { name: 'Work' }).check();
    await expectNoAxeViolations(reception, 'the hand check-in form');
    await checkInDialog.getByRole('button', { name: 'Check in' }).click();
    await reception.getByRole('dialog', { name: 'Checked in' }).getByText(/E005 for Employment support/).waitFor();
    await reception.getByRole('dialog', { name: 'Checked in' }).getByRole('button', { name: 'Done' }).click();
    await reception.locator('[data-service="work"] [data-ticket="E005"]').waitFor();
    await reception.keyboard.press('c');
    await reception.getByRole('dialog', { name: 'Check someone in by hand' }).getByLabel('First name or initials').fill('Fay');
    await reception.getByRole('dialog', { name: 'Check someone in by hand' }).getByRole('button', { name: 'Check in' }).click();
    await reception.getByRole('dialog', { name: 'Checked in' }).getByRole('button', { name: 'Done' }).click();
    await ticketIn(reception, 'W006').waitFor();

    // Keyboard only: N calls Fay to my desk, S starts, F finishes.
    await reception.keyboard.press('n');
    await reception.locator('[data-ticket="W006"][data-status="called"]').waitFor();
    await display.locator('.nc-call[data-ticket="W006"]').waitFor();
    await reception.keyboard.press('s');
    await reception.locator('[data-ticket="W006"][data-status="serving"]').waitFor();
    await reception.keyboard.press('f');
    await reception.getByRole('dialog', { name: /Finish W006/ }).getByRole('radio', { name: 'Signposted elsewhere' }).check();
    await reception.keyboard.press('Enter');
    await reception.getByText('Finished W006 (Fay): signposted elsewhere.').waitFor();
    expect(await reception.locator('[data-ticket="W006"]').count()).toBe(0);

    // Search today's visits: Ben's money ticket (sent on) and his housing ticket.
    await reception.keyboard.press('/');
    const search = reception.getByRole('dialog', { name: 'Search today’s visits' });
    await search.getByLabel('Ticket number or name').fill('Ben');
    await search.getByRole('button', { name: 'Search' }).click();
    await search.getByText(/M002 · Money advice · Sent on/).waitFor();
    await search.getByText(/M002 · Housing options/).first().waitFor();
    await expectNoAxeViolations(reception, 'the search dialog');
    await search.getByRole('button', { name: 'Close' }).click();

    // The printer runs out of paper: reception is told.
    await call(hub, 'POST', '/api/devices/simulate', { device: 'printer', state: 'paper-out' });
    // Routine alerts are folded; the device problems line under them says it in full.
    await reception.locator('.staff-device-problem').getByText(/out of paper/).waitFor();

    // Selecting a ticket shows its actions with their keys.
    await ticketIn(reception, 'E004').getByRole('button').click();
    await reception.locator('.staff-panel[data-ticket="E004"]').getByRole('button', { name: /Move up/ }).waitFor();
    await reception.screenshot({ path: `${shots}/reception-afternoon.png`, fullPage: true });
    await expectNoAxeViolations(reception, 'reception in the afternoon');
    await money.screenshot({ path: `${shots}/partner-money-laptop.png`, fullPage: true });

    const manager = await openScreen(browser, hub.screenUrls.manager, await signInAs(hub, 'manager', { displayName: 'Meg Manager' }));
    await manager.getByRole('table', { name: 'In the queue now' }).waitFor();
    await manager.screenshot({ path: `${shots}/manager.png`, fullPage: true });
    await expectNoAxeViolations(manager, 'the manager screen');
    await manager.getByRole('tab', { name: 'Audit log' }).click();
    const audit = manager.getByRole('table', { name: /Who called, finished/ });
    await audit.waitFor();
    // Who did what: Mo called M001 at Desk 1; Rita undid Ben's no-show.
    await audit.getByRole('row').filter({ hasText: 'Mo Money' }).filter({ hasText: 'Called' }).filter({ hasText: 'M001 · Money advice · Desk 1' }).waitFor();
    await audit.getByRole('row').filter({ hasText: 'Rita Reception' }).filter({ hasText: 'Undid a no-show' }).waitFor();
    await manager.screenshot({ path: `${shots}/manager-audit.png`, fullPage: true });
    await expectNoAxeViolations(manager, 'the manager audit tab');
    // Narrowed by what was done and who did it, in words; then by days (today only, then a day before any entry).
    await manager.getByLabel('What').selectOption({ label: 'Undid a no-show' });
    await expect.poll(() => audit.getByRole('row').filter({ hasText: 'Called' }).count()).toBe(0);
    await audit.getByRole('row').filter({ hasText: 'Rita Reception' }).filter({ hasText: 'Undid a no-show' }).waitFor();
    const mo = await manager.getByLabel('Who').locator('option', { hasText: 'Mo Money' }).getAttribute('value');
    await manager.getByLabel('Who').selectOption(mo!);
    await audit.getByRole('cell', { name: 'Nothing matches these filters.' }).waitFor();
    await manager.getByRole('button', { name: 'Show everything' }).click();
    await audit.getByRole('row').filter({ hasText: 'Mo Money' }).filter({ hasText: 'Called' }).first().waitFor();
    await manager.getByLabel('From (day)').fill('2030-01-02');
    await manager.getByLabel('To (day, included)').fill('2030-01-01');
    await manager.getByRole('alert').filter({ hasText: 'The first day is after the last' }).waitFor();
    await manager.getByLabel('From (day)').fill('2020-01-01');
    await manager.getByLabel('To (day, included)').fill('2020-01-01');
    await audit.getByRole('cell', { name: 'Nothing matches these filters.' }).waitFor();
    await expectNoAxeViolations(manager, 'the audit log filtered');
    await manager.getByRole('tab', { name: 'Staff accounts' }).click();
    await manager.getByRole('table', { name: 'Staff accounts' }).getByRole('row').filter({ hasText: 'Hana Housing' }).waitFor();
    await expectNoAxeViolations(manager, 'the manager staff tab');

    for (const page of [reception, money, housing, display, manager]) await page.context().close();
  });

  it('reception, partner and manager each say they need reloading when the live channel sends what they cannot read', async () => {
    const receptionist = await signInAs(hub, 'reception', { displayName: 'Rex Reception' });
    const adviser = await signInAs(hub, 'partner', { services: ['money'], displayName: 'Pat Partner' });
    const reception = await openScreen(browser, hub.screenUrls.reception, receptionist);
    const partner = await openScreen(browser, hub.screenUrls.partner, adviser);
    const manager = await openScreen(browser, hub.screenUrls.manager, await signInAs(hub, 'manager', { displayName: 'Max Manager' }));
    for (const page of [reception, partner]) await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await manager.getByRole('table', { name: 'In the queue now' }).waitFor();
    // The manager's screen shows no live badge: wait until all three screens hold a live channel.
    await expect.poll(() => hub.server.websocketServer.clients.size, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);

    // One screen gets something that is not JSON at all, the others a message of a newer contract.
    const clients = [...hub.server.websocketServer.clients];
    clients.forEach((client, index) => client.send(index === 0 ? '{"kind": "queue", "event": ' : JSON.stringify({ kind: 'from-a-newer-hub', at: new Date().toISOString() })));
    for (const page of [reception, partner, manager]) await page.getByRole('alert').filter({ hasText: 'This screen needs reloading' }).waitFor();
    await reception.screenshot({ path: `${shots}/reception-needs-reload.png`, fullPage: true });
    await expectNoAxeViolations(reception, 'reception that needs reloading');
    await expectNoAxeViolations(manager, 'the manager screen that needs reloading');

    // Reload brings a working screen back, without the banner.
    await reception.getByRole('alert').getByRole('button', { name: 'Reload' }).click();
    await reception.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    expect(await reception.getByText('This screen needs reloading').count()).toBe(0);
    for (const page of [reception, partner, manager]) await page.context().close();
  });

  it('switches this device’s staff screens to Welsh from the header, and keeps Welsh after a reload', async () => {
    const receptionist = await signInAs(hub, 'reception', { displayName: 'Wyn Reception' });
    const reception = await openScreen(browser, hub.screenUrls.reception, receptionist);
    await reception.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    // English until someone chooses otherwise on this device.
    expect(await reception.locator('html').getAttribute('lang')).toBe('en');
    await reception.getByRole('heading', { level: 1, name: 'Reception' }).waitFor();
    const language = reception.getByRole('group', { name: 'Language of the staff screens' });
    expect(await language.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');

    await language.getByRole('button', { name: 'Cymraeg' }).click();
    await reception.getByRole('heading', { level: 1, name: 'Derbynfa' }).waitFor();
    expect(await reception.locator('html').getAttribute('lang')).toBe('cy');
    const money = reception.locator('[data-service="money"]');
    await money.getByRole('heading', { name: /^Yn aros \(\d+\)$/ }).waitFor();
    await reception.getByRole('group', { name: "Camau'r dderbynfa" }).getByRole('button', { name: /Cofrestru rhywun/ }).waitFor();
    await reception.getByRole('region', { name: 'Ciwiau fesul gwasanaeth' }).waitFor();
    await reception.getByRole('heading', { name: 'Ymwelydd a ddewiswyd' }).waitFor();
    expect(await reception.getByRole('heading', { name: 'Reception', exact: true }).count()).toBe(0);
    await reception.screenshot({ path: `${shots}/reception-welsh.png`, fullPage: true });
    await expectNoAxeViolations(reception, 'reception in Welsh');

    // The choice belongs to this device: it outlasts a reload.
    await reception.reload();
    await reception.getByRole('status').filter({ hasText: 'Byw' }).waitFor();
    await reception.getByRole('heading', { level: 1, name: 'Derbynfa' }).waitFor();
    expect(await reception.locator('html').getAttribute('lang')).toBe('cy');
    expect(await reception.getByRole('group', { name: "Iaith sgriniau'r staff" }).getByRole('button', { name: 'Cymraeg' }).getAttribute('aria-pressed')).toBe('true');

    // And back: the English is exactly as before.
    await reception.getByRole('button', { name: 'English' }).click();
    await reception.getByRole('heading', { level: 1, name: 'Reception' }).waitFor();
    await reception.getByRole('group', { name: 'Reception actions' }).getByRole('button', { name: /Check someone in/ }).waitFor();
    await reception.context().close();
  });
});
