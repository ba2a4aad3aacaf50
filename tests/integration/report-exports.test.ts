import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../src-shared/api/auth-contract';
import type { CheckInResponse } from '../../src-shared/api/contract';
import type { DashboardReply } from '../../src-shared/reports/contract';
import { serviceDayOf } from '../../src-shared/time';
import { checkInBody } from '../helpers/queue-hub';
import { reportTestHub } from '../helpers/report-hub';
import { call, signInAs, startTestHub, type StaffSession, type TestHub } from '../helpers/running-hub';

let hub: TestHub;
let manager: StaffSession;
let today: string;

async function download(path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${hub.url}${path}`, { headers: { cookie: manager.cookieHeader } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function csvLines(bytes: Buffer): string[] {
  return bytes.toString('utf8').replace(/^\uFEFF/, '').split('\r\n').filter((l) => l.length > 0);
}

beforeAll(async () => {
  hub = await startTestHub({ hub: reportTestHub() });
  manager = await signInAs(hub, 'manager', { username: 'meg' });
  today = serviceDayOf(new Date(), 'Europe/London');
  const bodies = [
    checkInBody({ card: 'CARD0001', help: ['money', 'housing'], name: '=HYPERLINK("http://x")' }),
    checkInBody({ card: 'CARD0001', help: ['work'], name: 'Ana' }),
    checkInBody({ help: ['money'], name: '@Bob' }),
  ];
  for (const body of bodies) expect((await call<CheckInResponse>(hub, 'POST', '/api/check-ins', body)).status).toBe(201);
});
afterAll(async () => hub?.dispose());

describe('visit-level export', () => {
  it('streams CSV with a BOM, one row per visit and service stop, pseudonymous and without names', async () => {
    const res = await download(`/api/exports/visits?from=${today}&to=${today}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="test-hub-visits-${today}-to-${today}.csv"; filename*=UTF-8''test-hub-visits-${today}-to-${today}.csv`);
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvLines(res.bytes);
    const columns = header!.split(',');
    expect(columns).not.toContain('name');
    expect(columns.slice(0, 3)).toEqual(['visit_ref', 'visitor_ref', 'service_day']);
    expect(rows).toHaveLength(4);
    const refs = rows.map((r) => r.split(',')[1]);
    // The same card is the same reference; an anonymous check-in has none; the reference is not the visitor id.
    expect(refs[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(refs.slice(0, 3)).size).toBe(1);
    expect(refs[3]).toBe('');
    expect(res.bytes.toString('utf8')).not.toContain('HYPERLINK');
    // Every row has every column, in the dictionary's order.
    for (const row of rows) expect(row.split(',')).toHaveLength(columns.length);
    const at = (row: string, column: string) => row.split(',')[columns.indexOf(column)];
    expect(rows.map((r) => at(r, 'method'))).toEqual(['card', 'card', 'card', 'walk-in']);
    expect(rows.map((r) => at(r, 'first_visit'))).toEqual(['yes', 'yes', 'no', 'not identified']);
    expect(rows.map((r) => at(r, 'service')).sort()).toEqual(['housing', 'money', 'money', 'work']);
  });

  it('carries names only for a purpose that allows them, every formula-like cell neutralised (CSV and XLSX)', async () => {
    const csv = await download(`/api/exports/visits?from=${today}&to=${today}&format=csv&purpose=case-review`);
    const text = csv.bytes.toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain(",'@Bob,");
    const xlsx = await download(`/api/exports/visits?from=${today}&to=${today}&format=xlsx&purpose=case-review`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Visits', 'Data dictionary']);
    const sheet = book.getWorksheet('Visits')!;
    expect(sheet.rowCount).toBe(5);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const names = [2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(header.indexOf('name') + 1).value);
    expect(names).toContain(`'=HYPERLINK("http://x")`);
    expect(names).toContain("'@Bob");
    // Empty cells are left out of a row, and the rest stay under their own headings.
    const column = (name: string) => [2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(header.indexOf(name) + 1).value);
    expect(column('method')).toEqual(['card', 'card', 'card', 'walk-in']);
    expect(column('stop_order')).toEqual([1, 2, 1, 1]);
    expect(column('event')).toEqual([null, null, null, null]);
    expect(column('journey')).toEqual([null, null, null, null]);
    const dictionary = book.getWorksheet('Data dictionary')!;
    expect(dictionary.getRow(2).getCell(1).value).toBe('visit_ref');
  });

  it('answers an empty range with a valid file of headers only', async () => {
    const csv = await download('/api/exports/visits?from=2020-01-01&to=2020-01-31&format=csv');
    expect(csv.status).toBe(200);
    expect(csvLines(csv.bytes)).toHaveLength(1);
    const xlsx = await download('/api/exports/visits?from=2020-01-01&to=2020-01-31&format=xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(book.getWorksheet('Visits')!.rowCount).toBe(1);
  });

  it('refuses bad input naming the field', async () => {
    const cases: [string, string][] = [
      ['from=2026-05-02&to=2026-05-01&format=csv', 'from'],
      ['from=2020-01-01&to=2025-01-01&format=csv', 'to'],
      ['from=2026-01-01&to=2026-01-31&format=pdf', 'format'],
      ['from=2026-13-01&to=2026-12-31&format=csv', 'from'],
      ['from=2026-01-01&to=2026-01-31&format=csv&purpose=gossip', 'purpose'],
    ];
    for (const [q, field] of cases) {
      const res = await manager.call<{ error: { code: string; field: string; message: string } }>('GET', `/api/exports/visits?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code, q).toBe('VALIDATION_FAILED');
      expect(res.body.error.field, q).toBe(field);
    }
  });

  it('refuses bad input to the dashboard, the aggregate export and the funder return the same way', async () => {
    const cases: [string, string][] = [
      ['/api/reports/dashboard?from=2026-05-02&to=2026-05-01', 'from'],
      ['/api/reports/dashboard?from=2020-01-01&to=2026-01-01', 'to'],
      ['/api/reports/dashboard?from=yesterday&to=2026-01-01', 'from'],
      ['/api/exports/footfall?from=2026-01-01&to=2026-01-31&format=docx', 'format'],
      ['/api/exports/footfall?from=2026-02-01&to=2026-01-31&format=csv', 'from'],
      ['/api/exports/funder-return?returnId=ctw&from=2026-01-01&to=2026-03-31&format=csv', 'format'],
      ['/api/exports/funder-return?returnId=ctw&from=2019-01-01&to=2026-03-31', 'to'],
      ['/api/reports/funder-return?returnId=nope&from=2026-01-01&to=2026-03-31', 'returnId'],
    ];
    for (const [path, field] of cases) {
      const res = await manager.call<{ error: { code: string; field: string; message: string } }>('GET', path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.body.error.field, path).toBe(field);
      expect(res.body.error.message, path).toMatch(new RegExp(field));
    }
  });

  it('exports an empty range of figures and a funder return as valid files', async () => {
    const csv = await download('/api/exports/footfall?from=2020-01-01&to=2020-01-31&format=csv');
    expect(csv.status).toBe(200);
    expect(csvLines(csv.bytes)[0]).toBe('figure_id,figure,row_key,row,column_key,column,value');
    const xlsx = await download('/api/exports/funder-return?returnId=ctw&from=2020-01-01&to=2020-03-31');
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Return', 'How each is counted']);
  });
});

describe('aggregate exports and the funder return', () => {
  it('exports the dashboard’s figures suppressed, and they agree with the dashboard under the 10-5 rule', async () => {
    const dash = (await manager.call<DashboardReply>('GET', `/api/reports/dashboard?from=${today}&to=${today}`)).body;
    const footfall = dash.figures.find((f) => f.id === 'footfall-by-day')!;
    expect(footfall.totals![0]).toBe(3);
    const csv = await download(`/api/exports/footfall?from=${today}&to=${today}&format=csv`);
    expect(csv.status).toBe(200);
    const lines = csvLines(csv.bytes);
    expect(lines[0]).toBe('figure_id,figure,row_key,row,column_key,column,value');
    // Three check-ins is under ten: hidden, not rounded to 5.
    expect(lines).toContain(`footfall-by-day,Footfall per day,${today},${today},visits,Check-ins,`);
    const xlsx = await download(`/api/exports/footfall?from=${today}&to=${today}&format=xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.name).toBe('About');
    expect(book.getWorksheet('Footfall per day')!.getRow(2).getCell(2).value).toBeNull();
  });

  it('lays a funder return out from configuration and downloads it as XLSX', async () => {
    const reply = await manager.call<{ indicators: { id: string; value: number; published: number | null }[] }>('GET', `/api/reports/funder-return?returnId=ctw&from=${today}&to=${today}`);
    expect(reply.status).toBe(200);
    expect(reply.body.indicators.map((i) => [i.id, i.value, i.published])).toEqual([
      ['CTW-1', 0, 0],
      ['CTW-2', 0, 0],
      ['CTW-3', 3, null],
    ]);
    const xlsx = await download(`/api/exports/funder-return?returnId=ctw&from=${today}&to=${today}`);
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const values = book.getWorksheet('Return')!.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1, 3) : null)).filter(Boolean);
    expect(values).toContainEqual(['CTW-3', 'Footfall']);
  });

  it('writes every export to the audit log, with its range, format and purpose', async () => {
    const page = (await manager.call<AuditPage>('GET', '/api/audit?action=report.exported&pageSize=100')).body;
    const details = page.entries.map((e) => e.detail);
    expect(details).toContainEqual({ export: 'visits', from: today, to: today, format: 'csv', purpose: 'case-review', names: true });
    expect(details).toContainEqual({ export: 'footfall', from: today, to: today, format: 'xlsx' });
    expect(details.some((d) => d?.['export'] === 'funder-return')).toBe(true);
    expect(page.entries.every((e) => e.staffId === manager.staff.id)).toBe(true);
  });
});
