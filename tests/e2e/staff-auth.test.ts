/**
 * Staff sign-in on the screens, against a real hub: first-run setup with the printed token, staff
 * accounts made on the manager screen, password and PIN sign-in, what the browser keeps (nothing
 * secret), the CSRF header, idle sign-out with its warning, sign-out everywhere, and roles kept to
 * their screens. Build the screens first: `npm run build:web`.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfHeader } from '../../src-shared/api/auth-contract';
import { queueTestHub } from '../helpers/queue-hub';
import type { StaffRole } from '../../src-shared/api/auth-contract';
import { createStaff, signIn, startTestHub, testPassword, type StaffSession, type TestHub } from '../helpers/running-hub';

const shots = 'test-results/staff';
const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
];

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(summary, `axe on ${what}`).toEqual([]);
}

/** Everything the page's origin keeps in web storage, as one string to search for secrets. */
async function storedText(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
}

describe('staff sign-in and accounts on the screens', () => {
  let hub: TestHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const newPage = async (session: StaffSession | null = null): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    if (session) await context.addCookies([{ name: session.cookie.name, value: session.cookie.value, url: hub.url }]);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    return page;
  };

  /** A further account, made by the administrator the first test sets up on the screens, signed in. */
  const accountFor = async (role: StaffRole, options: { username?: string; displayName?: string; services?: string[] } = {}) => {
    const admin = await signIn(hub, 'ada', { password: testPassword });
    const account = await createStaff(admin, { role, ...options });
    return signIn(hub, account.username, { password: testPassword });
  };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // A shared reception PC signs a PIN session out after a minute without activity.
    hub = await startTestHub({ hub: queueTestHub({ server: { sessions: { idleMinutes: 60, pinIdleMinutes: 1, maxHours: 12 } } }) });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('first run: the printed setup token creates the administrator, who adds staff on the manager screen', async () => {
    const page = await newPage();
    await page.goto(hub.screenUrls.manager);
    await page.getByRole('heading', { name: 'Sign in: Manager' }).waitFor();
    await expectNoAxeViolations(page, 'the sign-in screen');
    await page.getByRole('link', { name: 'Set up the first administrator' }).click();
    await page.getByRole('heading', { name: 'Set up the first administrator' }).waitFor();
    // In Welsh too (axe clean), and back.
    await page.getByRole('group', { name: 'Language of the staff screens' }).getByRole('button', { name: 'Cymraeg' }).click();
    await page.getByRole('heading', { name: 'Gosod y gweinyddwr cyntaf' }).waitFor();
    await page.getByLabel('Tocyn gosod').waitFor();
    await expectNoAxeViolations(page, 'the setup form in Welsh');
    await page.getByRole('group', { name: "Iaith sgriniau'r staff" }).getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Set up the first administrator' }).waitFor();

    // Mistakes are named field by field before anything is sent.
    await page.getByLabel('Setup token').fill(hub.setup!.token);
    await page.getByLabel('Username', { exact: true }).fill('Ada!');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Password again').fill('other');
    await page.getByRole('button', { name: 'Create the administrator' }).click();
    await page.getByText('3 to 32 lower-case letters, digits, dots, dashes or underscores', { exact: true }).waitFor();
    await page.getByText('at least 12 characters', { exact: true }).waitFor();
    await page.getByText('The two passwords are not the same.').waitFor();
    await page.screenshot({ path: `${shots}/setup-form.png`, fullPage: true });
    await expectNoAxeViolations(page, 'the setup form with its problems');

    await page.getByLabel('Username', { exact: true }).fill('ada');
    await page.getByLabel('Your name as colleagues see it').fill('Ada Admin');
    await page.getByLabel('Password', { exact: true }).fill(testPassword);
    await page.getByLabel('Password again').fill(testPassword);
    await page.getByRole('button', { name: 'Create the administrator' }).click();
    await page.getByRole('heading', { name: 'The administrator account is ready' }).waitFor();
    await page.getByRole('button', { name: 'Continue to the manager screen' }).click();
    await page.getByText('Signed in as Ada Admin (Administrator)').waitFor();

    // Staff accounts: a receptionist with a PIN for the shared PC, and a partner for money advice.
    await page.getByRole('tab', { name: 'Staff accounts' }).click();
    const form = page.getByRole('form', { name: 'Add a member of staff' });
    await form.getByLabel('Username', { exact: true }).fill('rita');
    await form.getByLabel('Name', { exact: true }).fill('Rita Reception');
    await form.getByLabel('Role').selectOption('reception');
    await form.getByRole('radio', { name: /A PIN/ }).check();
    await form.getByLabel('PIN', { exact: true }).fill('4826');
    await form.getByRole('button', { name: 'Add the account' }).click();
    await page.getByText('Account rita created.').waitFor();
    await form.getByLabel('Username', { exact: true }).fill('mona');
    await form.getByLabel('Name', { exact: true }).fill('Mo Money');
    await form.getByLabel('Role').selectOption('partner');
    await form.getByRole('group', { name: 'Services this partner acts for' }).getByRole('checkbox', { name: 'Money advice' }).check();
    await form.getByRole('radio', { name: /A password/ }).check();
    await form.getByLabel('First password').fill(testPassword);
    await form.getByRole('button', { name: 'Add the account' }).click();
    await page.getByText('Account mona created.').waitFor();
    const accounts = page.getByRole('table', { name: 'Staff accounts' });
    await accounts.getByRole('row').filter({ hasText: 'Rita Reception' }).filter({ hasText: 'PIN' }).waitFor();
    await accounts.getByRole('row').filter({ hasText: 'Mo Money' }).filter({ hasText: 'Money advice' }).waitFor();
    await page.screenshot({ path: `${shots}/manager-staff.png`, fullPage: true });
    await expectNoAxeViolations(page, 'the staff accounts tab');

    // The token works once: the setup page now says so.
    const again = await newPage();
    await again.goto(`${hub.screenUrls.manager}?setup=1`);
    await again.getByRole('heading', { name: 'This hub is set up already' }).waitFor();
  });

  it('signs in with a password (after a wrong one), sends the CSRF token, keeps no secret, and signs out everywhere', async () => {
    const page = await newPage();
    const posts: Record<string, string | undefined>[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/call-next')) posts.push(request.headers());
    });
    await page.goto(hub.screenUrls.partner);
    await page.getByLabel('Username', { exact: true }).fill('mona');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Those details do not match an account.' }).waitFor();
    await expectNoAxeViolations(page, 'the sign-in screen with an error');
    await page.getByLabel('Password', { exact: true }).fill(testPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as Mo Money (Partner)').waitFor();

    // A partner account sees its own service only, and calls with the session's CSRF token.
    await page.getByRole('checkbox', { name: 'Money advice' }).check();
    await page.getByRole('button', { name: /Call next to Desk 1/ }).click();
    await page.getByText(/Nobody is waiting .*who can be called now/).waitFor();
    expect(posts).toHaveLength(1);
    expect(posts[0]![csrfHeader]).toMatch(/.{16,}/);
    const stored = await storedText(page);
    expect(stored).not.toContain(testPassword);
    expect(stored).not.toContain(posts[0]![csrfHeader]!);

    // The same account on a second device; "sign out everywhere" on the first ends both.
    const other = await newPage(await signIn(hub, 'mona', { password: testPassword }));
    await other.goto(hub.screenUrls.partner);
    await other.getByText('Signed in as Mo Money (Partner)').waitFor();
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByText('You have signed out on every device.').waitFor();
    await other.getByText(/You were signed out|Your session has ended/).waitFor();
    await other.getByRole('heading', { name: 'Sign in: Partner view' }).waitFor();
  });

  it('makes a device wait after repeated wrong passwords and says for how long; a manager unlocks the account and resets its password', async () => {
    const page = await newPage();
    await page.goto(hub.screenUrls.reception);
    await accountFor('reception', { username: 'lee', displayName: 'Lee Locked' });
    const trySignIn = async (password: string) => {
      await page.getByLabel('Username', { exact: true }).fill('lee');
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    for (let i = 0; i < 5; i += 1) {
      await trySignIn(`wrong password ${i}`);
      await page.getByRole('alert').waitFor();
    }
    await page.getByRole('alert').filter({ hasText: 'Too many failed sign-ins. Try again in 30 seconds, or ask a manager to unlock the account.' }).waitFor();
    await trySignIn(testPassword);
    await page.getByRole('alert').filter({ hasText: /Too many failed sign-ins\. Try again in \d+ seconds?, or ask a manager/ }).waitFor();

    // The manager sees which account waits, on which device and until when, and ends the wait.
    const manager = await newPage(await accountFor('manager', { displayName: 'Meg Manager' }));
    await manager.goto(hub.screenUrls.manager);
    await manager.getByRole('tab', { name: 'Staff accounts' }).click();
    const row = manager.getByRole('table', { name: 'Staff accounts' }).getByRole('row').filter({ hasText: 'Lee Locked' });
    await row.getByText(/Waiting until \d\d:\d\d on one device/).waitFor();
    await expectNoAxeViolations(manager, 'the staff list with an account that waits');
    await row.getByRole('button', { name: 'Unlock lee' }).click();
    await manager.getByText('Lee Locked can try to sign in again from every device.').waitFor();
    await row.getByText('No waits').waitFor();
    await trySignIn(testPassword);
    await page.getByText('Signed in as Lee Locked (Reception)').waitFor();

    // A new password for Lee: the session on the reception PC ends, and only the new password works.
    await row.getByRole('button', { name: 'Reset password or PIN for lee' }).click();
    await row.getByLabel('New password for lee').fill('a new passphrase for lee');
    await expectNoAxeViolations(manager, 'the reset form');
    await row.getByRole('button', { name: 'Save' }).click();
    await manager.getByText('Lee Locked has a new password; their sessions have ended.').waitFor();
    await page.getByText(/You were signed out|Your session has ended/).waitFor();
    // (Which password works afterwards is checked in tests/integration/attack-sign-in.test.ts.)
    // Some twenty scrypt checks in this test, half a second each on an idle PC: more time than most.
  }, 180_000);

  it('a shared reception PC: pick your name, type your PIN; idle sign-out warns first and can be put off', async () => {
    const page = await newPage();
    await page.clock.install();
    await page.goto(hub.screenUrls.reception);
    await page.getByRole('radio', { name: 'Name and PIN (shared PC)' }).check();
    await page.getByLabel('Username', { exact: true }).fill('rita');
    await page.getByLabel('PIN', { exact: true }).fill('4826');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as Rita Reception (Reception)').waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByText('You have signed out.').waitFor();

    // The PC remembers the name (to pick) and the way it signs in; never the PIN or the session.
    const stored = await storedText(page);
    expect(stored).toContain('Rita Reception');
    expect(stored).not.toContain('4826');
    await page.getByLabel('Your name').selectOption('rita');
    await page.getByLabel('PIN', { exact: true }).fill('4826');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as Rita Reception (Reception)').waitFor();

    // A PIN session here idles out after 1 minute: the warning comes 20 seconds before.
    await page.clock.fastForward(41_000);
    const warning = page.getByRole('alertdialog', { name: 'Are you still there?' });
    await warning.waitFor();
    await page.screenshot({ path: `${shots}/idle-warning.png` });
    await expectNoAxeViolations(page, 'the idle warning');
    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await warning.waitFor({ state: 'detached' });
    await page.getByText('Signed in as Rita Reception (Reception)').waitFor();

    await page.clock.fastForward(61_000);
    await page.getByText('You were signed out after 1 minute without activity.').waitFor();
    await page.getByRole('heading', { name: 'Sign in: Reception' }).waitFor();
  });

  it('keeps each role to its screens', async () => {
    const partner = await newPage(await signIn(hub, 'mona', { password: testPassword }));
    await partner.goto(hub.screenUrls.reception);
    await partner.getByText('a partner account cannot use this screen').waitFor();
    await partner.getByRole('link', { name: 'Partner view' }).waitFor();
    expect(await partner.getByRole('link', { name: 'Manager' }).count()).toBe(0);
    await expectNoAxeViolations(partner, 'the wrong-screen notice');

    const receptionist = await newPage(await accountFor('reception'));
    await receptionist.goto(hub.screenUrls.manager);
    await receptionist.getByText('a reception account cannot use this screen').waitFor();
    await receptionist.goto(hub.screenUrls.reception);
    await receptionist.getByRole('button', { name: /Call next to my desk/ }).waitFor();
  });
});
