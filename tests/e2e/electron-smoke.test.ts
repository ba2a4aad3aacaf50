import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../src-main/shell/electron-binary';
import { makeTempDir } from '../helpers/temp-dir';

const root = join(import.meta.dirname, '..', '..');
const binary = findElectronBinary();
const reason = binary.available ? '' : `skipped: ${binary.reason} (fetch it with "npx install-electron" on a machine that can reach Electron's download host)`;

describe.skipIf(!binary.available)(`Electron kiosk shell smoke test${reason ? ` — ${reason}` : ''}`, () => {
  const temp = makeTempDir('frontdoor-electron-');
  afterAll(() => temp.remove());

  it('opens the kiosk on the attract screen, refuses outside addresses, receives a card and quits cleanly', async () => {
    if (!binary.available) return;
    const mainFile = join(root, 'out', 'main', 'main.js');
    if (!existsSync(mainFile)) execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
    const app = await electron.launch({ executablePath: binary.path, args: [mainFile, '--windowed', '--no-display', `--data=${temp.path}`], env: { ...process.env, FRONTDOOR_LOG_LEVEL: 'warn' } });
    const window = await app.firstWindow();
    await window.waitForURL(/\/kiosk$/);
    await window.getByRole('button').first().waitFor();
    const origin = new URL(window.url()).origin;

    await window.evaluate(() => {
      location.href = 'https://example.org/';
    });
    await window.waitForLoadState();
    expect(new URL(window.url()).origin).toBe(origin);

    const response = await window.evaluate(async () => {
      const res = await fetch('/api/devices/simulate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ device: 'card', raw: '00123456' }) });
      return res.status;
    });
    expect(response).toBe(200);
    await app.close();
  });
});

describe.runIf(!binary.available)('Electron kiosk shell without a binary', () => {
  it(`runs the hub headless instead (${binary.available ? '' : binary.reason})`, () => {
    expect(binary.available).toBe(false);
  });
});
