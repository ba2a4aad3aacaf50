/**
 * The manager's "Upload to the programme" panel in Chromium, against a real hub uploading to a real
 * collector (PGlite) through a fault proxy on 127.0.0.1: the collector down, then back with one
 * event it refuses, then that event sent again on the manager's request. Build the screens first:
 * `npm run build:web`.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../src-shared/sync/status';
import type { RunningCollector } from '../../src-upstream/start-collector';
import type { SqlDatabase } from '../../src-upstream/store/sql';
import { busyDay, manualClock, syncTestHub } from '../helpers/busy-day';
import { freshPglite, startTestCollector } from '../helpers/collector';
import { FaultProxy } from '../helpers/fault-proxy';
import { signInAs, startTestHub, type TestHub } from '../helpers/running-hub';

const shots = 'test-results/sync';
const tokenEnv = 'FD_E2E_UPLOAD_TOKEN';
const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1'];

describe('the manager sees the upload and sends a refused record again', () => {
  let db: SqlDatabase;
  let removeDb: () => Promise<void>;
  let collector: RunningCollector;
  let proxy: FaultProxy;
  let hub: TestHub;
  let browser: Browser;
  // The hub's clock starts now and moves only as the day in miniature moves it.
  const clock = manualClock(new Date().toISOString());

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    ({ db, remove: removeDb } = await freshPglite());
    collector = await startTestCollector(db);
    const token = await collector.collector.addHub('e2e-hub');
    proxy = await new FaultProxy(collector.url).listen();
    proxy.setMode({ kind: 'refuse' });
    hub = await startTestHub({
      hub: syncTestHub({ id: 'e2e-hub', upstream: { url: proxy.url, tokenEnv, batchSize: 25, batchMaxAgeSeconds: 0, timeoutSeconds: 2 } }),
      now: clock.now,
      sync: { env: { [tokenEnv]: token }, timings: { batchMaxAgeMs: 10, requestTimeoutMs: 2000, backoffBaseMs: 20, backoffCapMs: 200, idlePollMs: 50 }, backlogCheckMs: 3_600_000 },
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs });
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    await proxy?.close();
    await collector?.close();
    await removeDb?.();
  });

  /** Resolves once the uploader's status meets `condition`, checked at each of its changes (bounded). */
  function uploaderUntil(condition: (status: SyncStatusView) => boolean, timeoutMs = 20_000): Promise<SyncStatusView> {
    const uploader = hub.hub.uploader!;
    return new Promise((resolve, reject) => {
      const check = () => {
        const status = uploader.status();
        if (!condition(status)) return;
        off();
        clearTimeout(timer);
        resolve(status);
      };
      const off = uploader.onChange(check);
      const timer = setTimeout(() => {
        off();
        reject(new Error(`the uploader did not get there: ${JSON.stringify(uploader.status())}`));
      }, timeoutMs);
      check();
    });
  }

  /** The panel's facts as the manager reads them: each term with its description. */
  async function facts(page: Page): Promise<Record<string, string>> {
    const panel = page.getByRole('region', { name: 'Upload to the programme' });
    await panel.locator('dl').waitFor();
    const terms = await panel.locator('dt').allInnerTexts();
    const values = await panel.locator('dd').allInnerTexts();
    return Object.fromEntries(terms.map((t, i) => [t, values[i] ?? '']));
  }

  it('shows what waits and why, what was refused, and takes a manager’s request to send it again', async () => {
    busyDay(hub.hub, clock, 3);
    await proxy.until(() => proxy.exchanges.length >= 2);
    const waiting = hub.hub.syncStatus().backlog;
    expect(waiting).toBeGreaterThan(20);

    const manager = await signInAs(hub, 'manager', { displayName: 'Meg Manager' });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await context.addCookies([{ name: manager.cookie.name, value: manager.cookie.value, url: hub.url }]);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    await page.goto(hub.screenUrls.manager);

    // The collector is down: the records wait, and the manager reads why in words.
    const down = await facts(page);
    // Between tries (or, for a moment, trying again).
    expect(['The last try failed; Front Door will try again by itself.', 'Sending visit records now.']).toContain(down['Now']);
    expect(down['Waiting to be sent']).toBe(`${waiting} records`);
    expect(down['Last sent']).toBe('never');
    expect(down['Last problem']).toMatch(/^The collector did not answer/);
    await page.screenshot({ path: `${shots}/collector-down.png`, fullPage: true });
    const axe = await new AxeBuilder({ page }).include('.staff-sync').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // Back up, with one record the collector refuses (a name where none may be).
    hub.hub.db
      .prepare(`INSERT INTO outbox (event_id, type, occurred_at, payload, hub_id, schema_version, config_version, config_hash) VALUES (?, 'visit.closed', ?, ?, ?, 1, ?, ?)`)
      .run(
        '0190a6c2-2222-7abc-8def-0123456789ab',
        clock.now().toISOString(),
        JSON.stringify({ visitId: '6a0f1d2e-0000-4000-8000-000000000000', closedAt: clock.now().toISOString(), name: 'Zebedee' }),
        'e2e-hub',
        hub.hub.config.hub.version,
        hub.hub.config.hash,
      );
    const poisonSeq = (hub.hub.db.prepare('SELECT max(id) AS id FROM outbox').get() as { id: number }).id;
    busyDay(hub.hub, clock, 1);
    proxy.setMode({ kind: 'pass' });
    await uploaderUntil((s) => s.backlog === 0 && s.quarantined.length === 1 && s.lastError === null);

    await page.reload();
    const up = await facts(page);
    expect(up['Now']).toBe('Everything is sent.');
    expect(up['Waiting to be sent']).toBe('nothing');
    expect(up['Last problem']).toBe('none');
    const panel = page.getByRole('region', { name: 'Upload to the programme' });
    await expect.poll(() => panel.getByText('1 record(s) were refused by the collector and are held back:').count()).toBe(1);
    const held = panel.getByRole('listitem').filter({ hasText: `#${poisonSeq} visit.closed` });
    expect(await held.innerText()).toMatch(/name|Unrecognized/);
    await page.screenshot({ path: `${shots}/refused-record.png`, fullPage: true });

    // The manager sends it again; refused again, it stays held back with a second attempt counted.
    await held.getByRole('button', { name: 'Send again' }).click();
    const again = await uploaderUntil((s) => s.quarantined[0]?.attempts === 2 && !s.quarantined[0].retryRequested);
    expect(again.quarantined.map((q) => q.seq)).toEqual([poisonSeq]);
    await page.reload();
    await panel.getByRole('listitem').filter({ hasText: `#${poisonSeq} visit.closed` }).getByRole('button', { name: 'Send again' }).waitFor();
    await context.close();
  });
});
