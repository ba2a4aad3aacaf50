/**
 * Subject access and erasure on the manager screen: an administrator reads a resident's card at
 * the hub's reader, exports what is held (both files saved and checked), erases them with a
 * reason, and the resident's next visit with the same card starts as unknown. Retention's dry run
 * from the same panel. Build the screens first: `npm run build:web`.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckInResponse, IdentifyResponse } from '../../src-shared/api/contract';
import { subjectExport } from '../../src-shared/api/privacy-contract';
import { checkInBody } from '../helpers/queue-hub';
import { adminOf, call, signInAs, type StaffSession } from '../helpers/running-hub';
import { launchChromium, startKioskHub, type KioskHub } from './helpers/kiosk-harness';

const shots = 'test-results/privacy';

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(summary, `axe on ${what}`).toEqual([]);
}

describe('subject access and erasure on the manager screen', () => {
  let hub: KioskHub;
  let browser: Browser;
  let admin: StaffSession;
  const card = '70801234';

  /** The kiosk's two calls for a card holder's check-in. */
  async function checkInWithCard(name: string | null): Promise<{ identified: IdentifyResponse; checkIn: CheckInResponse }> {
    const identified = (await call<IdentifyResponse>(hub, 'POST', '/api/identify', { method: 'card', raw: card })).body;
    const body = checkInBody({ help: ['money'], name, card: identified.token.id });
    const res = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', { ...body, answers: { ...body.answers, 'anything-else': 'the boiler is broken' } });
    expect(res.status).toBe(201);
    return { identified, checkIn: res.body };
  }

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    hub = await startKioskHub();
    browser = await launchChromium();
    admin = await adminOf(hub);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('finds a resident by card, exports their data, erases them; their card is unknown next time', async () => {
    const first = await checkInWithCard('Marisol');
    expect(first.identified.known).toBe(false);
    const second = await checkInWithCard(null);
    expect(second.identified).toMatchObject({ known: true, displayName: 'Marisol' });

    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    await context.addCookies([{ name: admin.cookie.name, value: admin.cookie.value, url: hub.url }]);
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(hub.screenUrls.manager);
    await page.getByRole('tab', { name: 'Privacy' }).click();
    await page.getByRole('heading', { name: 'Find a resident (subject access, erasure)' }).waitFor();
    await expectNoAxeViolations(page, 'the privacy panel');

    // Retention from here: a dry run first, which changes nothing.
    await page.getByRole('button', { name: 'Check what retention would remove' }).click();
    await page.getByText(/Dry run as of .*Nothing was changed\./).waitFor();

    // The card, read at the hub's reader: presented once the panel's live connection has said hello
    // (from then on a read reaches it).
    const hello = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the panel did not connect to the live channel')), 15_000);
      page.on('websocket', (socket) => {
        if (socket.url().includes('/api/live'))
          socket.once('framereceived', () => {
            clearTimeout(timer);
            resolve();
          });
      });
    });
    await page.getByRole('button', { name: 'Read a card at the hub’s reader' }).click();
    await page.getByRole('button', { name: 'Waiting for a card at the hub’s reader…' }).waitFor();
    await hello;
    hub.card.simulateCard(card);
    const found = page.getByRole('table', { name: 'Residents found' });
    await found.getByRole('row').filter({ hasText: 'Marisol' }).filter({ hasText: 'card' }).waitFor();
    await expect(page.getByLabel('Card number (type it, or read the card with a reader here)').inputValue()).resolves.toBe(card);

    // Export: both files saved, the data parsed and checked.
    await page.getByLabel('Reason for the export (no names)').fill('asked in person at reception');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText('2 visits exported.').waitFor();
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Save the data (JSON)' }).click()]);
    const data = subjectExport.parse(JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8')));
    expect(jsonDownload.suggestedFilename()).toMatch(/^front-door-subject-access-\d{4}-\d{2}-\d{2}\.json$/);
    expect(data.resident).toMatchObject({ displayName: 'Marisol', identifiers: [{ kind: 'card' }] });
    expect(data.visits.map((v) => v.visitId)).toEqual([first.checkIn.visitId, second.checkIn.visitId]);
    expect(data.visits[0]!.answers).toContainEqual({ question: 'Anything else?', answer: 'the boiler is broken', skipped: false });
    expect(data.visits[0]!.privacyNotice?.version).toBe('2026-11');
    const [htmlDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Save the page (HTML)' }).click()]);
    const html = readFileSync((await htmlDownload.path())!, 'utf8');
    expect(html).toContain('<h1>Information held about you</h1>');
    expect(html).toContain('Marisol');
    expect(html).toContain('the boiler is broken');
    await page.screenshot({ path: `${shots}/exported.png`, fullPage: true });
    await expectNoAxeViolations(page, 'the privacy panel with a resident chosen and exported');

    // Erase, on the ground of an objection, with the reason.
    await page.getByRole('radio', { name: /Objection/ }).check();
    await page.getByLabel('Reason for the erasure (no names)').fill('objects to the processing, in person');
    await page.getByRole('button', { name: 'Erase personal data' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Erase Marisol?' });
    await confirm.waitFor();
    await expectNoAxeViolations(page, 'the erase confirmation');
    await confirm.getByRole('button', { name: 'Erase', exact: true }).click();
    await page.getByText(/^Erased: .*over 2 visits\./).waitFor();
    await page.screenshot({ path: `${shots}/erased.png`, fullPage: true });

    // The same card again: found nowhere, and a stranger at the kiosk.
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.getByText('Nobody found.', { exact: false }).waitFor();
    const later = await checkInWithCard(null);
    expect(later.identified.known).toBe(false);
    expect(later.checkIn).toMatchObject({ knownVisitor: false, unknownIdentifier: true });

    // The audit log says who did what and why.
    const audit = hub.auth.audit.query({ page: 1, pageSize: 50 }).entries.filter((e) => e.action.startsWith('privacy.'));
    expect(audit.map((e) => e.action)).toEqual(['privacy.searched', 'privacy.erased', 'privacy.exported', 'privacy.searched', 'privacy.retention-checked']);
    expect(audit[0]!.detail).toEqual({ by: 'card', matches: 0 });
    expect(audit[1]!.detail).toMatchObject({ basis: 'objection', reason: 'objects to the processing, in person', visits: 2 });

    // The tab in Welsh too, laid out the same and axe clean.
    await page.getByRole('group', { name: 'Language of the staff screens' }).getByRole('button', { name: 'Cymraeg' }).click();
    await page.getByRole('heading', { name: 'Dod o hyd i breswylydd (mynediad gwrthrych, dileu)' }).waitFor();
    await page.getByRole('heading', { name: 'Cadw data' }).waitFor();
    await page.getByRole('button', { name: 'Gwirio beth fyddai’r drefn gadw’n ei ddileu' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Retention', exact: true }).count()).toBe(0);
    // A dry run in Welsh says what it would remove in Welsh (today's visits are not old enough: nothing).
    await page.getByRole('button', { name: 'Gwirio beth fyddai’r drefn gadw’n ei ddileu' }).click();
    await page.getByText(/Rhediad prawf ar .*byddai’n clirio dim .*Ni newidiwyd dim\./).waitFor();
    await expectNoAxeViolations(page, 'the privacy panel in Welsh');
    // The audit log's words for what was done are in Welsh too, in the table and the filter.
    await page.getByRole('tab', { name: 'Cofnod archwilio' }).click();
    const log = page.getByRole('table', { name: /Pwy a alwodd/ });
    await log.getByRole('row').filter({ hasText: 'Dilëwyd data personol preswylydd' }).filter({ hasText: 'sail: objection' }).waitFor();
    expect(await log.getByText('Erased a resident’s personal data').count()).toBe(0);
    expect(await page.getByLabel('Beth').locator('option', { hasText: 'Rhedwyd y drefn gadw' }).count()).toBe(1);
    await expectNoAxeViolations(page, 'the audit log in Welsh');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows no privacy tab to a manager', async () => {
    const manager = await signInAs(hub, 'manager');
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addCookies([{ name: manager.cookie.name, value: manager.cookie.value, url: hub.url }]);
    const page = await context.newPage();
    await page.goto(hub.screenUrls.manager);
    await page.getByRole('tab', { name: 'Audit log' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Privacy' }).count()).toBe(0);
    await context.close();
  });
});
