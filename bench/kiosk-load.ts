import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { defaultRendererDir } from '../src-main/start-hub';
import { kioskTestHub, launchChromium } from '../tests/e2e/helpers/kiosk-harness';
import { startTestHub } from '../tests/helpers/running-hub';
import { percentile, type BenchResult } from './stats';

/**
 * How the kiosk feels on its own hub, in Chromium: from navigation to an interactive attract
 * screen (a fresh browser context each run, so nothing is cached: a kiosk after a restart), from
 * a tap to the next screen drawn, and from "Confirm" to the ticket drawn. The hub has no printer,
 * so the last excludes printing, as the budget says.
 *
 * Times are taken inside the page: the tap's event time, and a frame after the new screen is in
 * the DOM (requestAnimationFrame, then a task), so Playwright's own round trips are not counted.
 */
export const kioskBudgets = {
  attractInteractiveP95Ms: 1500,
  tapToNextScreenP95Ms: 100,
  keyTapToLetterP95Ms: 100,
  confirmToTicketP95Ms: 500,
};

type PageTimes = { attractAt: number | null; taps: { from: string; to: string; ms: number }[]; keys: number[] };

declare global {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- augmenting the page's Window
  interface Window {
    __kioskBench?: PageTimes;
  }
}

/**
 * Runs in the page before any of its scripts. Plain JavaScript in a string: a function handed to
 * Playwright would be serialised after tsx's transform, which adds helpers the page does not have.
 */
const instrument = `
(() => {
  const times = { attractAt: null, taps: [], keys: [] };
  window.__kioskBench = times;
  let tapAt = null;
  let screen = '';
  const afterNextFrame = (record) => requestAnimationFrame(() => setTimeout(() => record(performance.now())));
  document.addEventListener('click', (event) => {
    tapAt = event.timeStamp;
    // A key of the on-screen keyboard: the time until its letter is drawn in the field.
    if (event.target instanceof Element && event.target.closest('.osk-key')) {
      const at = event.timeStamp;
      afterNextFrame((now) => times.keys.push(now - at));
    }
  }, true);
  new MutationObserver(() => {
    const root = document.querySelector('.kiosk');
    if (!root) return;
    if (times.attractAt === null && document.querySelector('.kiosk-button.start')) {
      times.attractAt = -1;
      afterNextFrame((now) => { times.attractAt = now; });
    }
    const now = (root.getAttribute('data-step') || '') + ':' + (root.getAttribute('data-question') || '');
    if (now === screen) return;
    const from = screen;
    screen = now;
    const tapped = tapAt;
    tapAt = null;
    if (tapped !== null && document.querySelector('#kiosk-heading')) afterNextFrame((at) => times.taps.push({ from, to: now, ms: at - tapped }));
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step', 'data-question'] });
})();
`;

async function timesOf(page: Page): Promise<PageTimes> {
  return page.evaluate(() => window.__kioskBench ?? { attractAt: null, taps: [], keys: [] });
}

async function waitForSamples(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => (window.__kioskBench?.taps.length ?? 0) >= n, count);
}

/** One resident, tapping as fast as the screens allow; returns the attract time and every tap. */
async function oneJourney(browser: Browser, url: string): Promise<{ attract: number; taps: number[]; keys: number[]; confirm: number }> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
  try {
    await context.addInitScript({ content: instrument });
    const page = await context.newPage();
    await page.goto(`${url}/kiosk`);
    await page.waitForFunction(() => (window.__kioskBench?.attractAt ?? -1) > 0);
    const tap = async (selector: string, taps: number) => {
      await page.locator(selector).first().click();
      await waitForSamples(page, taps);
    };
    await tap('.kiosk-button.start', 1); // attract → identify
    await tap('.kiosk-content .kiosk-button.primary', 2); // no card → privacy
    await tap('.kiosk-actions .kiosk-button.secondary', 3); // no optional questions → how-heard
    await tap('.tile-grid .tile', 3); // a how-heard choice (same screen)
    await tap('.kiosk-actions .kiosk-button.primary', 4); // → first question
    await page.locator('.tile-grid .tile').first().click(); // "Money"
    await tap('.answer-actions .kiosk-button.primary', 5); // → follow-up
    await tap('.kiosk-content .skip', 6); // → name
    // A name on the on-screen keyboard (shown with the screen), then its Done key → language.
    for (const letter of ['S', 'a', 'm']) {
      const typed = (await timesOf(page)).keys.length;
      await page.locator('.osk-key', { hasText: new RegExp(`^${letter}$`) }).click();
      await page.waitForFunction((n) => (window.__kioskBench?.keys.length ?? 0) > n, typed);
    }
    await tap('.osk-key.done', 7);
    await tap('.kiosk-actions .kiosk-button.primary', 8); // → access
    await tap('.kiosk-actions .kiosk-button.primary', 9); // → summary
    await tap('.kiosk-button.confirm', 10); // → ticket (a check-in round trip)
    const times = await timesOf(page);
    const confirm = times.taps.at(-1);
    if (!confirm?.to.startsWith('ticket')) throw new Error(`the journey did not end on the ticket screen: ${JSON.stringify(times.taps)}`);
    // KIOSK_BENCH_DEBUG=1 prints each journey's transitions, to find which screen is slow.
    if (process.env['KIOSK_BENCH_DEBUG']) console.log(times.taps.map((t) => `${t.to}=${t.ms.toFixed(0)}`).join(' '));
    return { attract: times.attractAt ?? Number.NaN, taps: times.taps.slice(0, -1).map((t) => t.ms), keys: times.keys, confirm: confirm.ms };
  } finally {
    await context.close();
  }
}

function row(name: string, samples: number[], budgetP95: number, note: string): BenchResult {
  return { name, unit: 'ms', samples: samples.length, median: percentile(samples, 50), p95: percentile(samples, 95), budgetP95, note };
}

export async function runKioskLoad(options: { runs?: number } = {}): Promise<BenchResult[]> {
  const runs = options.runs ?? 12;
  if (!existsSync(join(defaultRendererDir, 'index.html'))) {
    throw new Error('The screens are not built: run "npm run build:web" before the kiosk benchmark.');
  }
  const hub = await startTestHub({ hub: kioskTestHub(), devices: { printer: null, cardReader: null, qrScanner: null } });
  const browser = await launchChromium();
  try {
    // One journey first to warm Chromium itself (process, fonts); it is not counted.
    await oneJourney(browser, hub.url);
    const attract: number[] = [];
    const taps: number[] = [];
    const keys: number[] = [];
    const confirm: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const journey = await oneJourney(browser, hub.url);
      attract.push(journey.attract);
      taps.push(...journey.taps);
      keys.push(...journey.keys);
      confirm.push(journey.confirm);
    }
    return [
      row('kiosk: navigation → attract interactive', attract, kioskBudgets.attractInteractiveP95Ms, 'cold context, local hub'),
      row('kiosk: tap → next screen drawn', taps, kioskBudgets.tapToNextScreenP95Ms, '9 taps per journey, the name screen with its keyboard'),
      row('kiosk: key tap → letter drawn', keys, kioskBudgets.keyTapToLetterP95Ms, 'on-screen keyboard, 3 letters and Done per journey'),
      row('kiosk: confirm → ticket drawn', confirm, kioskBudgets.confirmToTicketP95Ms, 'check-in round trip, no printer'),
    ];
  } finally {
    await browser.close();
    await hub.dispose();
  }
}
