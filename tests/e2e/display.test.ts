/**
 * The "now calling" display in Chromium against a real hub: the chime and the spoken call (in the
 * visitor's language where the platform has a voice, silent where it has none), names only where
 * the hub shows them, and recovery by itself when the live channel drops. Build the screens first:
 * `npm run build:web`.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketView } from '../../src-shared/api/contract';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { call, signInAs, startTestHub, type StaffSession, type TestHub } from '../helpers/running-hub';

const shots = 'test-results/staff';
const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
  // A wall display is set up to sound without anyone clicking it first.
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * Stands in for the platform's speech and records what the display says and how often it chimes:
 * an English and a Polish voice exist, nothing else (headless Chromium has no voices of its own).
 */
/** In the page before it loads: adds up its layout shifts (not caused by input) in window.__cls. */
const recordLayoutShift = () => {
  const w = window as unknown as { __cls: number };
  w.__cls = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!entry.hadRecentInput) w.__cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
};

const recordSoundAndSpeech = () => {
  type Said = { text: string; lang: string };
  const w = window as unknown as { __said: Said[]; __chimes: number };
  w.__said = [];
  w.__chimes = 0;
  const voices = [
    { lang: 'en-GB', name: 'English (UK)', default: true, localService: true, voiceURI: 'en-GB' },
    { lang: 'pl-PL', name: 'Polski', default: false, localService: true, voiceURI: 'pl-PL' },
  ];
  class Utterance {
    text: string;
    lang = '';
    voice: unknown = null;
    rate = 1;
    onend: (() => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(text: string) {
      this.text = text;
    }
  }
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  Object.defineProperty(window, 'speechSynthesis', {
    configurable: true,
    value: {
      getVoices: () => voices,
      speak: (u: Utterance) => {
        w.__said.push({ text: u.text, lang: u.lang });
        setTimeout(() => u.onend?.(), 20);
      },
      cancel: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
    },
  });
  const create = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    w.__chimes += 1;
    return create.call(this);
  };
};

async function said(page: Page, count: number): Promise<{ text: string; lang: string }[]> {
  await page.waitForFunction((n) => (window as unknown as { __said: unknown[] }).__said.length >= n, count);
  return page.evaluate(() => (window as unknown as { __said: { text: string; lang: string }[] }).__said);
}

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(summary, `axe on ${what}`).toEqual([]);
}

describe('the "now calling" display', () => {
  let browser: Browser;
  const hubs: TestHub[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs });
  });
  afterAll(async () => {
    await browser?.close();
    for (const hub of hubs) await hub.dispose();
  });

  const setUp = async (display: { showName?: boolean } = {}, languages = { default: 'en', offered: ['en', 'pl', 'ar'] }) => {
    const hub = await startTestHub({ hub: queueTestHub({ languages, display: { showName: display.showName ?? false, chime: true, speak: true, recentCalls: 4 } }) });
    hubs.push(hub);
    const desk = await signInAs(hub, 'reception');
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await context.addInitScript(recordSoundAndSpeech);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[display page error] ${error.message}`));
    await page.goto(hub.screenUrls.display);
    await page.locator('.nc-board[data-live="open"]').waitFor();
    return { hub, desk, page };
  };

  const checkIn = async (hub: TestHub, name: string, language: string) => {
    const body = checkInBody({ help: ['money'], name });
    const res = await call(hub, 'POST', '/api/check-ins', { ...body, visitor: { ...body.visitor, language } });
    expect(res.status).toBe(201);
  };
  const callNext = async (desk: StaffSession, deskName = 'Desk 2') =>
    (await desk.call<{ ticket: TicketView }>('POST', '/api/services/money/call-next', { desk: deskName })).body.ticket;

  it('chimes and speaks each call in the hub’s language and the visitor’s own where a voice exists, with no name', async () => {
    const { hub, desk, page } = await setUp();
    await page.getByText('Please wait. Your number will show here.').waitFor();
    await expectNoAxeViolations(page, 'the idle display');

    await checkIn(hub, 'Zofia', 'pl');
    await checkIn(hub, 'Amira', 'ar');
    expect((await callNext(desk)).number).toBe('M001');
    await page.locator('.nc-call[data-ticket="M001"]').waitFor();
    expect(await page.locator('.nc-call').innerText()).toMatch(/M001\s*→\s*Desk 2/);
    // Zofia chose Polish: her call is written in Polish too, marked as Polish for a screen reader.
    expect(await page.locator('.nc-call .nc-own[lang="pl"]').innerText()).toBe('Numer M001, proszę podejść do: Desk 2.');
    // English, then Polish: a voice exists for both.
    expect(await said(page, 2)).toEqual([
      { text: 'Ticket M 1, please go to Desk 2.', lang: 'en-GB' },
      { text: 'Numer M 1, proszę podejść do: Desk 2.', lang: 'pl-PL' },
    ]);

    expect((await callNext(desk, 'Desk 1')).number).toBe('M002');
    await page.locator('.nc-call[data-ticket="M002"]').waitFor();
    await page.locator('.nc-recent-list li[data-ticket="M001"]').waitFor();
    await checkIn(hub, 'Ian', 'en');
    expect((await callNext(desk)).number).toBe('M003');
    // Arabic has no voice on this platform: M002 is called in English only, straight before M003.
    const spoken = await said(page, 4);
    expect(spoken.slice(2)).toEqual([
      { text: 'Ticket M 2, please go to Desk 1.', lang: 'en-GB' },
      { text: 'Ticket M 3, please go to Desk 2.', lang: 'en-GB' },
    ]);
    expect(await page.evaluate(() => (window as unknown as { __chimes: number }).__chimes)).toBeGreaterThanOrEqual(6);
    // Ticket numbers and desks only: no names on the screen or in the speech.
    expect(await page.locator('body').innerText()).not.toMatch(/Zofia|Amira|Ian/);
    expect(JSON.stringify(spoken)).not.toMatch(/Zofia|Amira|Ian/);
    await page.screenshot({ path: `${shots}/display-two-calls.png` });
    await expectNoAxeViolations(page, 'the display calling');
  });

  it('shows its words in the hub’s default language, and a Polish visitor’s call in Polish too, without moving the portrait layout', async () => {
    const { hub, desk, page } = await setUp({}, { default: 'ro', offered: ['ro', 'en', 'pl'] });
    expect(await page.locator('.nc-board').getAttribute('lang')).toBe('ro');
    await page.getByRole('heading', { name: 'Acum chemăm' }).waitFor();
    await page.getByRole('heading', { name: 'Apeluri recente' }).waitFor();
    await page.getByText('Vă rugăm să așteptați. Numărul dumneavoastră va apărea aici.').waitFor();
    await page.getByText('Niciun apel încă.').waitFor();

    await checkIn(hub, 'Zofia', 'pl');
    await checkIn(hub, 'Radu', 'ro');
    await callNext(desk);
    await page.locator('.nc-call[data-ticket="M001"] .nc-own[lang="pl"]').getByText('Numer M001, proszę podejść do: Desk 2.').waitFor();
    await expectNoAxeViolations(page, 'the display in Romanian calling a Polish visitor');
    await callNext(desk, 'Desk 1');
    await page.locator('.nc-call[data-ticket="M002"]').waitFor();
    // The board's own language needs no second line; the Polish call keeps its line among the recent ones.
    expect(await page.locator('.nc-call .nc-own').count()).toBe(0);
    await page.locator('.nc-recent-list li[data-ticket="M001"] .nc-recent-own[lang="pl"]').getByText('Numer M001, proszę podejść do: Desk 2.').waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(/Now calling|Recent calls/);
    await page.screenshot({ path: `${shots}/display-romanian-polish.png` });

    // A portrait screen opened with the Polish line already on it: nothing shifts, wraps or spills over.
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    await context.addInitScript(recordSoundAndSpeech);
    await context.addInitScript(recordLayoutShift);
    const portrait = await context.newPage();
    await portrait.goto(hub.screenUrls.display);
    await portrait.locator('.nc-recent-list li[data-ticket="M001"] .nc-recent-own').waitFor();
    const fit = await portrait.evaluate(() => {
      const line = (e: Element) => parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.3;
      return {
        shift: (window as unknown as { __cls: number }).__cls,
        width: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        wide: [...document.querySelectorAll('.nc-board *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => e.className).slice(0, 8),
        // One line each: a desk split over two reads as two things.
        wrapped: [...document.querySelectorAll('.nc-recent-desk, .nc-recent-own')].filter((e) => e.getBoundingClientRect().height > line(e) * 1.5).map((e) => e.className),
        overlap: document.querySelector('.nc-current-box')!.getBoundingClientRect().bottom - document.querySelector('.nc-recent')!.getBoundingClientRect().top,
      };
    });
    expect(fit).toMatchObject({ width: fit.viewport, wide: [], wrapped: [] });
    expect(fit.shift).toBeLessThan(0.1);
    expect(fit.overlap).toBeLessThanOrEqual(0);
    await portrait.screenshot({ path: `${shots}/display-portrait-romanian-polish.png` });
    await context.close();
  });

  it('in a plain browser, asks for sound and says why; on a portrait screen it lays out without shifting', async () => {
    const hub = await startTestHub({ hub: queueTestHub({ display: { showName: false, chime: true, speak: true, recentCalls: 4 } }) });
    hubs.push(hub);
    const desk = await signInAs(hub, 'reception');
    // Calls made before the board opens: it shows them from its catch-up.
    for (const name of ['A', 'B', 'C']) await checkIn(hub, name, 'en');
    // Money's desks only (a desk another service owns is refused).
    for (const deskName of ['Desk 1', 'Desk 2', 'Desk 1']) expect((await callNext(desk, deskName)).desk).toBe(deskName);
    const plain = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs.filter((a) => !a.startsWith('--autoplay-policy')) });
    try {
      const context = await plain.newContext({ viewport: { width: 1080, height: 1920 } });
      // A desktop browser's autoplay policy, which headless Chromium does not apply: audio starts
      // suspended and only a tap (resume() from a click) lets it run.
      await context.addInitScript(() => {
        const Real = AudioContext;
        class PolicedAudioContext extends Real {
          private allowed = false;
          override get state(): AudioContextState {
            return this.allowed ? super.state : 'suspended';
          }
          override async resume(): Promise<void> {
            if (!navigator.userActivation.isActive) throw new DOMException('not allowed to start', 'NotAllowedError');
            await super.resume();
            this.allowed = true;
            this.dispatchEvent(new Event('statechange'));
          }
        }
        Object.defineProperty(window, 'AudioContext', { value: PolicedAudioContext, configurable: true });
      });
      await context.addInitScript(recordLayoutShift);
      const page = await context.newPage();
      await page.goto(hub.screenUrls.display);
      await page.locator('.nc-board[data-live="open"]').waitFor();
      await page.locator('.nc-call[data-ticket="M003"]').waitFor();
      await page.locator('.nc-recent-list li[data-ticket="M001"]').waitFor();
      const turnOn = page.getByRole('button', { name: 'Turn sound on' });
      await turnOn.waitFor();
      await page.getByText('A browser asks again after every reload', { exact: false }).waitFor();
      // The reason is the button's description too, for a screen reader.
      expect(await turnOn.getAttribute('aria-describedby')).toBe('nc-sound-why');
      // Everything the board shows arrived in place: a cumulative layout shift well under the 0.1 of a good page.
      const shift = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
      expect(shift).toBeLessThan(0.1);
      // And all of it on the screen: nothing wider than it, the footer (with the sound button) inside it.
      const fit = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        footerBottom: document.querySelector('.nc-footer')!.getBoundingClientRect().bottom,
        overlap: document.querySelector('.nc-current-box')!.getBoundingClientRect().bottom - document.querySelector('.nc-recent')!.getBoundingClientRect().top,
        soundButton: document.querySelector('.nc-sound')!.getBoundingClientRect().bottom <= window.innerHeight,
        noteFits: (() => {
          const note = document.querySelector('.nc-sound-why')!;
          return note.scrollHeight <= note.getBoundingClientRect().height + 1 && note.getBoundingClientRect().bottom <= document.querySelector('.nc-footer')!.getBoundingClientRect().bottom + 1;
        })(),
        height: window.innerHeight,
        wide: [...document.querySelectorAll('.nc-board *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => e.className).slice(0, 8),
      }));
      expect(fit).toMatchObject({ width: fit.viewport, wide: [], soundButton: true, noteFits: true });
      expect(fit.overlap, 'the current call runs into the recent calls').toBeLessThanOrEqual(0);
      expect(fit.footerBottom).toBeLessThanOrEqual(fit.height);
      await page.screenshot({ path: `${shots}/display-portrait-sound-off.png` });
      await expectNoAxeViolations(page, 'the portrait display asking for sound');
      await turnOn.click();
      await turnOn.waitFor({ state: 'detached' });
    } finally {
      await plain.close();
    }
  });

  it('shows and says the name where the hub’s display shows names', async () => {
    const { hub, desk, page } = await setUp({ showName: true });
    await checkIn(hub, 'Zofia', 'pl');
    await callNext(desk);
    await page.locator('.nc-call[data-ticket="M001"]').getByText('Zofia').waitFor();
    expect((await said(page, 1))[0]).toEqual({ text: 'Zofia, ticket M 1, please go to Desk 2.', lang: 'en-GB' });
  });

  it('shows “Reconnecting…” when the live channel drops, recovers by itself, and catches up on calls it missed', async () => {
    const { hub, desk, page } = await setUp();
    await checkIn(hub, 'Ola', 'en');
    await checkIn(hub, 'Ian', 'en');
    await callNext(desk);
    await page.locator('.nc-call[data-ticket="M001"]').waitFor();

    // Note every time the board shows the reconnecting state, however briefly.
    await page.evaluate(() => {
      const w = window as unknown as { __states: string[] };
      w.__states = [];
      const board = document.querySelector('.nc-board')!;
      new MutationObserver(() => w.__states.push(board.getAttribute('data-live') ?? '')).observe(board, { attributes: true, attributeFilter: ['data-live'] });
    });
    for (const client of hub.server.websocketServer.clients) client.terminate();
    // A call made while the display is away.
    await callNext(desk, 'Desk 1');
    await page.locator('.nc-call[data-ticket="M002"]').waitFor();
    await page.locator('.nc-board[data-live="open"]').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __states: string[] }).__states)).toContain('reconnecting');
    expect(await page.locator('.nc-reconnecting').innerText()).toBe('');

    // A display that restarts shows today's recent calls at once.
    await page.reload();
    await page.locator('.nc-call[data-ticket="M002"]').waitFor();
    await page.locator('.nc-recent-list li[data-ticket="M001"]').waitFor();
  });

  it('says so while the hub cannot be reached', async () => {
    const { hub, page } = await setUp();
    await page.evaluate(() => {
      const w = window as unknown as { __text: string[] };
      w.__text = [];
      const status = document.querySelector('.nc-reconnecting')!;
      new MutationObserver(() => w.__text.push(status.textContent ?? '')).observe(status, { childList: true, characterData: true, subtree: true });
    });
    await hub.close();
    await page.getByText('Reconnecting…').waitFor();
    await page.screenshot({ path: `${shots}/display-reconnecting.png` });
    expect(await page.evaluate(() => (window as unknown as { __text: string[] }).__text)).toContain('Reconnecting…');
  });

  it('says it needs reloading when the live channel sends what it cannot read, and reloads when asked', async () => {
    const { hub, page } = await setUp();
    // A message from a newer hub than this page was built for.
    for (const client of hub.server.websocketServer.clients) client.send(JSON.stringify({ kind: 'from-a-newer-hub', at: new Date().toISOString() }));
    const banner = page.getByRole('alert').filter({ hasText: 'This screen needs reloading' });
    await banner.waitFor();
    await page.screenshot({ path: `${shots}/display-needs-reload.png` });
    await expectNoAxeViolations(page, 'the display that needs reloading');
    await banner.getByRole('button', { name: 'Reload' }).click();
    await page.locator('.nc-board[data-live="open"]').waitFor();
    await banner.waitFor({ state: 'detached' });
  });
});
