/**
 * The manager's programme evidence in Chromium: a manager reads the dashboard, changes the range,
 * reads a chart's table, downloads the visit and figure files and finds in them what the dashboard
 * showed; a partner and a receptionist get neither the data nor the tab. Build the screens first:
 * `npm run build:web`.
 */
import AxeBuilder from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckInResponse } from '../../src-shared/api/contract';
import type { DashboardReply } from '../../src-shared/reports/contract';
import { onsTenFive, publishCount } from '../../src-shared/reports/suppression';
import { serviceDayOf } from '../../src-shared/time';
import { checkInBody } from '../helpers/queue-hub';
import { reportTestHub } from '../helpers/report-hub';
import { call, signInAs, startTestHub, type StaffSession, type TestHub } from '../helpers/running-hub';

const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1'];

async function openAs(browser: Browser, url: string, session: StaffSession): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
  await context.addCookies([{ name: session.cookie.name, value: session.cookie.value, url: new URL(url).origin }]);
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

async function downloadFrom(page: Page, linkName: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName, exact: true }).click()]);
  const path = await download.path();
  return readFileSync(path);
}

describe('manager reports', () => {
  let hub: TestHub;
  let browser: Browser;
  let manager: StaffSession;
  let today: string;

  beforeAll(async () => {
    hub = await startTestHub({ hub: reportTestHub() });
    browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: launchArgs });
    manager = await signInAs(hub, 'manager', { username: 'meg', displayName: 'Meg Manager' });
    today = serviceDayOf(new Date(), 'Europe/London');
    // Twelve check-ins today: enough that the suppressed file shows a rounded count rather than nothing.
    for (let i = 0; i < 12; i += 1) {
      const body = checkInBody({ help: i % 3 === 0 ? ['money', 'housing'] : ['work'], card: i % 2 === 0 ? `CARD${1000 + (i % 4)}` : undefined });
      expect((await call<CheckInResponse>(hub, 'POST', '/api/check-ins', body)).status).toBe(201);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('reads the dashboard, changes the range, downloads the files and finds the same figures in them', async () => {
    const page = await openAs(browser, hub.screenUrls.manager, manager);
    await page.getByRole('tab', { name: 'Reports' }).click();
    await page.getByRole('status').filter({ hasText: 'Showing' }).waitFor();
    await page.locator('[data-figure="footfall-by-day"] [data-chart] svg').waitFor();

    // The range: a preset, a wrong custom range in words, then today.
    await page.getByRole('radio', { name: 'This week' }).check();
    await page.getByRole('status').filter({ hasText: 'Showing' }).waitFor();
    await page.getByRole('radio', { name: 'Custom' }).check();
    await page.getByLabel('First day').fill('2026-06-10');
    await page.getByLabel('Last day').fill('2026-06-01');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('The first day must not be after the last day.');
    await page.getByLabel('First day').fill(today);
    await page.getByLabel('Last day').fill(today);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('status').filter({ hasText: `Showing ${today} to ${today}` }).waitFor();
    await page.locator('[data-figure="footfall-by-day"] [data-chart] svg').waitFor();

    // The chart's table, read as a person would.
    const footfall = page.getByRole('table', { name: 'Footfall per day' });
    const total = Number(await footfall.locator('tfoot td[data-column="visits"]').innerText());
    expect(total).toBe(12);
    const stops = Number(await page.getByRole('table', { name: 'Services used' }).locator('tfoot td[data-column="stops"]').innerText());
    const dash = (await manager.call<DashboardReply>('GET', `/api/reports/dashboard?from=${today}&to=${today}`)).body;
    expect(stops).toBe(dash.figures.find((f) => f.id === 'services-used')!.totals![0]);
    await expectNoAxeViolations(page, 'the reports tab');

    // Visit-level CSV: one row per stop, one visit_ref per check-in.
    const csv = (await downloadFrom(page, 'Visits (CSV)')).toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = csv.slice(1).split('\r\n').filter(Boolean);
    const cols = header!.split(',');
    expect(rows).toHaveLength(stops);
    expect(new Set(rows.map((r) => r.split(',')[cols.indexOf('visit_ref')])).size).toBe(total);

    // The same in Excel, read back with exceljs, with its data dictionary.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await downloadFrom(page, 'Visits (Excel)')) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Visits')!;
    expect(sheet.rowCount - 1).toBe(stops);
    const refCol = ((sheet.getRow(1).values as unknown[]).indexOf('visit_ref'));
    const refs = new Set<unknown>();
    sheet.eachRow((row, n) => n > 1 && refs.add(row.getCell(refCol).value));
    expect(refs.size).toBe(total);
    expect(book.getWorksheet('Data dictionary')).toBeDefined();

    // The figures file: the dashboard's numbers under the 10-5 rule.
    const figures = new ExcelJS.Workbook();
    await figures.xlsx.load((await downloadFrom(page, 'Figures, suppressed (Excel)')) as unknown as ArrayBuffer);
    const perDay = figures.getWorksheet('Footfall per day')!;
    expect(perDay.getRow(2).getCell(1).value).toBe(today);
    expect(perDay.getRow(2).getCell(2).value).toBe(publishCount(total, onsTenFive));
    const figuresCsv = (await downloadFrom(page, 'Figures, suppressed (CSV)')).toString('utf8');
    expect(figuresCsv).toContain(`footfall-by-day,Footfall per day,${today},${today},visits,Check-ins,${publishCount(total, onsTenFive)}`);

    // In Welsh: the same figures under Welsh titles, columns, fixed rows and summary sentences.
    await page.getByRole('group', { name: 'Language of the staff screens' }).getByRole('button', { name: 'Cymraeg' }).click();
    const perDayCy = page.getByRole('table', { name: 'Nifer yr ymwelwyr bob dydd' });
    await perDayCy.waitFor();
    expect(Number(await perDayCy.locator('tfoot td[data-column="visits"]').innerText())).toBe(total);
    await perDayCy.getByRole('columnheader', { name: 'Cofrestriadau' }).waitFor();
    await page.getByRole('heading', { name: 'Taith y cyfranogwr' }).waitFor();
    await page.getByRole('table', { name: 'Taith y cyfranogwr' }).getByRole('rowheader', { name: 'Ymholiadau (cofrestriadau)' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Footfall per day' }).count()).toBe(0);
    // The summary sentence worked out again from the Welsh table, with a Welsh date.
    expect(await page.locator('[data-figure="footfall-by-day"] .staff-figure-summary').innerText()).toMatch(/^Cofrestriadau o Dydd .+: \d+/);
    expect(await page.locator('[data-figure="journey-funnel"] .staff-figure-summary').innerText()).toMatch(/^Ymholiadau: \d+; pobl a gyfeiriwyd: \d+/);
    await expectNoAxeViolations(page, 'the reports tab in Welsh');
    await page.getByRole('group', { name: "Iaith sgriniau'r staff" }).getByRole('button', { name: 'English' }).click();
    await page.getByRole('table', { name: 'Footfall per day' }).waitFor();
    await page.context().close();
  }, 240_000);

  it('lets a manager add an event, and shows a funder return', async () => {
    const page = await openAs(browser, hub.screenUrls.manager, manager);
    await page.getByRole('tab', { name: 'Events' }).click();
    await page.getByLabel('Name').fill('Spring jobs fair');
    await page.getByLabel('Kind').selectOption('jobs-fair');
    await page.getByLabel('Starts').fill('2027-04-01T10:00');
    await page.getByLabel('Ends').fill('2027-04-01T09:00');
    await page.getByRole('button', { name: 'Add event' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('The end must be after the start.');
    await page.getByLabel('Ends').fill('2027-04-01T15:00');
    await page.getByRole('button', { name: 'Add event' }).click();
    await page.locator('tr[data-event="Spring jobs fair"]').waitFor();
    await expectNoAxeViolations(page, 'the events tab');
    await page.getByRole('tab', { name: 'Funder returns' }).click();
    await page.getByRole('table', { name: /Connect to Work return/ }).waitFor();
    expect(await page.getByText('to verify').first().isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'the funder returns tab');
    await page.context().close();
  });

  it('refuses the figures and the files to a partner and a receptionist, and shows them no reports tab', async () => {
    const partner = await signInAs(hub, 'partner', { services: ['money'], username: 'moe' });
    const receptionist = await signInAs(hub, 'reception', { username: 'rita' });
    for (const who of [partner, receptionist]) {
      for (const path of [`/api/reports/dashboard?from=${today}&to=${today}`, `/api/exports/visits?from=${today}&to=${today}&format=csv`, `/api/exports/footfall?from=${today}&to=${today}&format=xlsx`]) {
        const res = await who.call<{ error: { code: string } }>('GET', path);
        expect(res.status, `${who.staff.role} ${path}`).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      const page = await openAs(browser, hub.screenUrls.manager, who);
      await page.getByText('cannot use this screen').waitFor();
      expect(await page.getByRole('tab', { name: 'Reports' }).count()).toBe(0);
      const own = await openAs(browser, who.staff.role === 'partner' ? hub.screenUrls.partner : hub.screenUrls.reception, who);
      await own.getByRole('status').filter({ hasText: 'Live' }).waitFor();
      expect(await own.getByRole('tab', { name: 'Reports' }).count()).toBe(0);
      expect(await own.getByRole('link', { name: /Visits \(CSV\)/ }).count()).toBe(0);
      await page.context().close();
      await own.context().close();
    }
  }, 180_000);
});
