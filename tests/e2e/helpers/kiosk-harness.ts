import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SimulatedCardReader } from '../../../hardware/card-reader';
import { createSimulatedPrinter, type FakePrinterState, type SimulatedPrinter } from '../../../hardware/printer';
import { SimulatedQrScanner } from '../../../hardware/qr-scanner';
import type { Clock } from '../../../src-main/queue/queue-service';
import type { HubConfig, HubConfigInput } from '../../../src-shared/config/schema';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { queueTestHub } from '../../helpers/queue-hub';
import { startTestHub, type TestHub } from '../../helpers/running-hub';

/**
 * What every kiosk e2e file needs: Chromium from the machine (never downloaded), a real hub with
 * simulated devices on an ephemeral port, a fresh browser context per test, axe, and screenshots.
 */

export const kioskLanguages = ['en', 'pl', 'ar', 'ro', 'uk', 'bn', 'zh-Hans', 'ckb'] as const;

export const viewports = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
} as const;

export const screenshotDir = join(process.cwd(), 'test-results', 'kiosk');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1'],
  });
}

export type KioskHub = TestHub & { card: SimulatedCardReader; qr: SimulatedQrScanner; printer: SimulatedPrinter };

/** The small test hub, offering every kiosk language, open at any hour. */
export function kioskTestHub(overrides: Partial<HubConfigInput> = {}): HubConfig {
  return queueTestHub({
    languages: { default: 'en', offered: [...kioskLanguages] },
    openingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '00:00', close: '23:59' }]])),
    ...overrides,
  });
}

/** A real hub core with a simulated card reader, QR scanner and ticket printer. */
export async function startKioskHub(options: { hub?: HubConfig; printerState?: FakePrinterState; now?: Clock } = {}): Promise<KioskHub> {
  const card = new SimulatedCardReader();
  const qr = new SimulatedQrScanner();
  const printer = createSimulatedPrinter({ state: options.printerState ?? 'ready' });
  const hub = await startTestHub({
    hub: options.hub ?? kioskTestHub(),
    devices: { cardReader: card, qrScanner: qr, printer },
    ...(options.now ? { now: options.now } : {}),
  });
  return Object.assign(hub, { card, qr, printer });
}

/** `errors` collects uncaught page errors: a test ends by expecting it to be empty. */
export type KioskPage = { context: BrowserContext; page: Page; errors: Error[] };

/**
 * A fresh context and the kiosk page, ready on its attract screen. `beforeLoad` runs before the
 * first navigation (install a fake clock there).
 */
export async function openKiosk(
  browser: Browser,
  hub: { url: string },
  options: { viewport?: { width: number; height: number }; beforeLoad?: (page: Page) => Promise<unknown> } = {},
): Promise<KioskPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? viewports.portrait, reducedMotion: 'reduce', hasTouch: true });
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  // The live channel's first message ("hello"): from then on a card at the hub's reader reaches
  // the page, so a test presenting one cannot race the connection.
  const live = new Promise<void>((resolve) => {
    page.on('websocket', (socket) => {
      if (socket.url().includes('/api/live')) socket.once('framereceived', () => resolve());
    });
  });
  await options.beforeLoad?.(page);
  await page.goto(`${hub.url}/kiosk`);
  await page.getByRole('button', { name: 'Tap to start', exact: true }).waitFor();
  await live;
  return { context, page, errors };
}

export type OpenKioskOptions = Parameters<typeof openKiosk>[2];

/**
 * Headless Chromium has no voices: a stand-in speechSynthesis with one English voice, recording
 * what it is asked to say in `window.spoken` as [language, text]. Pass as `beforeLoad`.
 */
export function standInVoice(page: Page): Promise<unknown> {
  return page.addInitScript(() => {
    const spoken: string[][] = [];
    Object.assign(window, { spoken });
    const voice = { lang: 'en-GB', name: 'Test voice', default: true, localService: true, voiceURI: 'test' };
    Object.defineProperty(window, 'speechSynthesis', {
      value: { getVoices: () => [voice], speak: (u: { text: string; lang: string }) => spoken.push([u.lang, u.text]), cancel: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined },
    });
    Object.defineProperty(window, 'SpeechSynthesisUtterance', {
      value: class {
        text: string;
        lang = '';
        voice: unknown = null;
        rate = 1;
        constructor(text: string) {
          this.text = text;
        }
      },
    });
  });
}

/** A file of kiosk tests, as `kioskTests` sets it up. */
export type KioskTests = {
  readonly browser: Browser;
  readonly hub: KioskHub;
  /** Opens the kiosk in a fresh context (as `openKiosk` does); it is closed after the test. */
  kiosk(options?: OpenKioskOptions): Promise<KioskPage>;
  /** Makes `screen` the open one (another screen, another hub's kiosk), closing the one before after checking it. */
  use(screen: KioskPage): Promise<KioskPage>;
};

/**
 * The bookkeeping of a file of kiosk tests: one browser and one kiosk hub for the whole file, and
 * one page open at a time, closed after each test — which fails on any error the page threw.
 * `afterEach` puts the hub back as the next test expects it (a printer out of paper refilled).
 */
export function kioskTests(options: { hub?: Parameters<typeof startKioskHub>[0]; afterEach?: (hub: KioskHub) => Promise<unknown> } = {}): KioskTests {
  let browser: Browser | null = null;
  let hub: KioskHub | null = null;
  let open: KioskPage | null = null;
  const close = async () => {
    const errors = open?.errors ?? [];
    await open?.context.close();
    open = null;
    return errors.map((e) => e.message);
  };
  beforeAll(async () => {
    [browser, hub] = await Promise.all([launchChromium(), startKioskHub(options.hub)]);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  afterEach(async () => {
    const errors = await close();
    if (hub) await options.afterEach?.(hub);
    expect(errors).toEqual([]);
  });
  const ready = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`the ${what} is not started yet: use it inside a test`);
    return value;
  };
  const tests: KioskTests = {
    get browser() {
      return ready(browser, 'browser');
    },
    get hub() {
      return ready(hub, 'kiosk hub');
    },
    kiosk: async (openOptions) => tests.use(await openKiosk(tests.browser, tests.hub, openOptions)),
    use: async (screen) => {
      if (open !== screen) expect(await close()).toEqual([]);
      open = screen;
      return screen;
    },
  };
  return tests;
}

export function countVisits(hub: TestHub): number {
  return (hub.hub.db.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n;
}

/**
 * A card at the reader. Through the hub's simulated reader (POST /api/devices/simulate, the card
 * then reaches the page as a live `reader` message); where the hub has no simulate route yet,
 * the card is "typed" into the page as a keyboard-wedge reader would.
 */
export async function presentCard(page: Page, hub: { url: string }, raw: string): Promise<'device' | 'wedge'> {
  const response = await fetch(`${hub.url}/api/devices/simulate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ device: 'card', raw }),
  });
  if (response.ok) return 'device';
  await typeBurst(page, raw);
  return 'wedge';
}

/** A QR code at the scanner: the simulated scanner, or a wedge scanner's burst as above. */
export async function presentQr(page: Page, hub: { url: string }, raw: string): Promise<'device' | 'wedge'> {
  const response = await fetch(`${hub.url}/api/devices/simulate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ device: 'qr', raw }),
  });
  if (response.ok) return 'device';
  await typeBurst(page, raw);
  return 'wedge';
}

/**
 * What a keyboard-wedge reader does: the characters at machine speed, then Enter. The keydowns
 * are dispatched inside the page in one task: Playwright's keyboard makes a round trip per key,
 * which on a busy machine is slower than any reader (tens of ms, more for shifted characters)
 * and would make the burst look like a person typing. The detector's timing rules themselves are
 * unit-tested in tests/unit/wedge.test.ts.
 */
export async function typeBurst(page: Page, text: string): Promise<void> {
  await page.evaluate((keys) => {
    for (const key of [...keys, 'Enter']) {
      const target = document.activeElement ?? document.body;
      target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true }));
    }
  }, [...text]);
}

/** The heading every kiosk screen has, once it shows `name`. */
export async function onScreen(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** WCAG 2.2 A/AA and axe's best practices; nothing may be reported. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * The checks every kiosk screen gets: axe in portrait and landscape, every button at least 48 px
 * each way, and a screenshot at both sizes saved as a test artifact.
 */
export async function checkScreen(page: Page, name: string): Promise<{ violations: string[]; smallTargets: string[] }> {
  mkdirSync(screenshotDir, { recursive: true });
  const violations: string[] = [];
  const smallTargets: string[] = [];
  const original = page.viewportSize();
  for (const [orientation, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    violations.push(...(await axeViolations(page)).map((v) => `[${orientation}] ${v}`));
    smallTargets.push(...(await undersizedTargets(page)).map((t) => `[${orientation}] ${t}`));
    if (orientation === 'portrait') violations.push(...(await progressProblems(page)));
    await page.screenshot({ path: join(screenshotDir, `${name}-${orientation}.png`), fullPage: false });
  }
  if (original) await page.setViewportSize(original);
  return { violations, smallTargets };
}

/**
 * A portrait journey screen uses the space above its controls: where the resident is in the journey,
 * at the top, with the current stage marked. (The attract and ticket screens have their own layout.)
 */
async function progressProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const step = document.querySelector('[data-step]')?.getAttribute('data-step');
    if (!step || step === 'attract' || step === 'ticket' || !document.querySelector('.kiosk-screen')) return [];
    const progress = document.querySelector('.kiosk-progress');
    if (!progress) return [`[portrait] ${step}: no journey progress above the controls`];
    const box = progress.getBoundingClientRect();
    const problems: string[] = [];
    if (box.height === 0) problems.push(`[portrait] ${step}: the journey progress is hidden`);
    if (box.top > window.innerHeight * 0.25) problems.push(`[portrait] ${step}: the journey progress starts ${Math.round(box.top)} px down, not at the top`);
    if (progress.querySelectorAll('[aria-current="step"]').length !== 1) problems.push(`[portrait] ${step}: no single current stage`);
    return problems;
  });
}

/** Buttons, links and fields smaller than 48 × 48 CSS pixels (hidden ones do not count). */
export async function undersizedTargets(page: Page, minimum = 48): Promise<string[]> {
  return page.evaluate((min) => {
    const found: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input, textarea, select, [role="button"]')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.width < min || box.height < min) found.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return found;
  }, minimum);
}
