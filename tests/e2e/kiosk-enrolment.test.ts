/**
 * Enrolling a kiosk on the screens: a manager makes a pairing code on the manager screen, a kiosk
 * page the hub does not trust takes it and becomes a kiosk, and revoking it on the manager screen
 * turns it back at once. The hub runs with `trustHubMachine: false`, so the browser on 127.0.0.1
 * is treated as a device on the network (a test-only switch). Build the screens first:
 * `npm run build:web`.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueTestHub } from '../helpers/queue-hub';
import { signInAs, startTestHub, type TestHub } from '../helpers/running-hub';
import { launchChromium } from './helpers/kiosk-harness';

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(summary, `axe on ${what}`).toEqual([]);
}

describe('enrolling a kiosk', () => {
  let hub: TestHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const newPage = async (options: { viewport?: { width: number; height: number } } = {}): Promise<Page> => {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    hub = await startTestHub({ hub: queueTestHub(), trustHubMachine: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('a manager makes a code, an untrusted kiosk page takes it, and a revoked kiosk is turned back at once', async () => {
    // The kiosk page before enrolment: residents are sent to reception; staff see where to type a code.
    const kiosk = await newPage({ viewport: { width: 1080, height: 1920 } });
    await kiosk.goto(`${hub.url}/kiosk`);
    await kiosk.getByRole('heading', { name: 'Please ask at reception' }).waitFor();
    await expectNoAxeViolations(kiosk, 'the kiosk page before enrolment');
    expect(await kiosk.getByRole('button', { name: 'Tap to start' }).count()).toBe(0);

    // The manager makes a pairing code on the Kiosks panel.
    const manager = await signInAs(hub, 'manager');
    const desk = await newPage();
    await desk.context().addCookies([{ name: manager.cookie.name, value: manager.cookie.value, url: hub.url }]);
    await desk.goto(hub.screenUrls.manager);
    await desk.getByRole('tab', { name: 'Kiosks' }).click();
    await desk.getByText('No kiosks are enrolled yet.').waitFor();
    await desk.getByRole('button', { name: 'Make a pairing code' }).click();
    await desk.getByRole('alert').filter({ hasText: 'Give the kiosk a name' }).waitFor();
    await desk.getByLabel('Kiosk name').fill('Entrance kiosk');
    await desk.getByRole('button', { name: 'Make a pairing code' }).click();
    const code = (await desk.getByTestId('pairing-code').textContent())!.trim();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    await expectNoAxeViolations(desk, 'the Kiosks panel with a pairing code');

    // A wrong code is refused in words (typed on a keyboard, in lower case); the right one is
    // tapped on the page's own keys, as on a touchscreen with no keyboard, and enrols the page.
    await kiosk.getByLabel('Pairing code').fill('aaaa-bbbb');
    await kiosk.getByRole('button', { name: 'Enrol this screen' }).click();
    await kiosk.getByRole('alert').filter({ hasText: 'wrong, already used or expired' }).waitFor();
    const keys = kiosk.getByRole('group', { name: 'Keys to type the code' });
    await keys.getByRole('button', { name: 'Clear' }).click();
    expect(await kiosk.getByLabel('Pairing code').inputValue()).toBe('');
    // A slip mended with Delete last; the hyphen comes by itself.
    await keys.getByRole('button', { name: 'Z', exact: true }).click();
    await keys.getByRole('button', { name: 'Delete last' }).click();
    for (const key of code.replace('-', '')) await keys.getByRole('button', { name: key, exact: true }).click();
    expect(await kiosk.getByLabel('Pairing code').inputValue()).toBe(code);
    await expectNoAxeViolations(kiosk, 'the kiosk page with a pairing code typed on its keys');
    // The staff part in Welsh too (the code kept), then back to English.
    await kiosk.getByRole('group', { name: 'Language of the staff screens' }).getByRole('button', { name: 'Cymraeg' }).click();
    expect(await kiosk.getByLabel('Cod paru').inputValue()).toBe(code);
    await kiosk.getByRole('group', { name: 'Bysellau i deipio’r cod' }).waitFor();
    await expectNoAxeViolations(kiosk, 'the kiosk page’s staff part in Welsh');
    await kiosk.getByRole('group', { name: "Iaith sgriniau'r staff" }).getByRole('button', { name: 'English' }).click();
    await kiosk.getByRole('button', { name: 'Enrol this screen' }).click();
    await kiosk.getByRole('button', { name: 'Tap to start', exact: true }).waitFor();
    // The credential is an HttpOnly cookie: the page's script cannot read it.
    expect(await kiosk.evaluate(() => document.cookie)).not.toContain('fd_kiosk');
    const cookies = await kiosk.context().cookies();
    expect(cookies.find((c) => c.name === 'fd_kiosk')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    // Listed on the manager screen, and revoked there.
    await desk.getByRole('tab', { name: 'Staff accounts' }).click();
    await desk.getByRole('tab', { name: 'Kiosks' }).click();
    const row = desk.getByRole('row', { name: /Entrance kiosk/ });
    await row.waitFor();
    await expectNoAxeViolations(desk, 'the Kiosks panel with an enrolled kiosk');
    await desk.getByRole('button', { name: 'Revoke Entrance kiosk' }).click();
    await desk.getByRole('status').filter({ hasText: 'Entrance kiosk revoked' }).waitFor();
    await row.getByText(/^Revoked/).waitFor();

    // The kiosk is refused at its next request: asking for staff turns it back to the enrolment page.
    await kiosk.getByRole('button', { name: 'Get a member of staff' }).click();
    await kiosk.getByRole('heading', { name: 'Please ask at reception' }).waitFor();
    await kiosk.reload();
    await kiosk.getByRole('heading', { name: 'Please ask at reception' }).waitFor();
  });
});
