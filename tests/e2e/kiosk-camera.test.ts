import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeQrVideo } from '../helpers/fake-camera';
import { makeTempDir } from '../helpers/temp-dir';
import { kioskTestHub, onScreen, startKioskHub, type KioskHub } from './helpers/kiosk-harness';
import { button } from './helpers/kiosk-journey';

/**
 * The kiosk camera reading a QR code: Chromium's fake camera plays a video of a membership QR
 * code, the page decodes it with the WASM decoder served by the hub (no CDN), and the hub
 * identifies the resident.
 */
describe('camera QR on the kiosk', () => {
  const temp = makeTempDir('frontdoor-camera-');
  let browser: Browser;
  let hub: KioskHub;

  beforeAll(async () => {
    const video = join(temp.path, 'qr.y4m');
    writeQrVideo(video, 'FD1:M:CAM12345');
    browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    hub = await startKioskHub({ hub: kioskTestHub({ devices: { qrScanner: { kind: 'camera' } } }) });
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    temp.remove();
  });

  it('identifies a resident from a QR code held up to the camera, loading the decoder only from the hub', async () => {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    await context.grantPermissions(['camera'], { origin: hub.url });
    const page = await context.newPage();
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(hub.url) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) outside.push(request.url());
    });
    const wasm = page.waitForResponse((response) => response.url().startsWith(hub.url) && response.url().endsWith('.wasm'));
    await page.goto(`${hub.url}/kiosk`);
    await button(page, 'Tap to start').click();
    await page.locator('.camera-qr video').waitFor();
    expect((await wasm).status()).toBe(200);
    // A code, not a card: the resident is told about the thing they held up.
    await onScreen(page, "We don't know this code yet");
    expect(await page.getByText(/this card/).count()).toBe(0);
    expect(outside).toEqual([]);
    await context.close();
  });
});
