import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { hashExitPin, verifyExitPin } from '../../src-main/shell/exit-pin';
import { isAllowedNavigation, isAllowedPermission, isBlockedShortcut, isTrustedSender } from '../../src-main/electron/security';
import { clockProblem, isExitGesture, mayInstallUpdate, shouldRecycleRenderer, timeZoneProblem, upkeepLimits } from '../../src-main/electron/upkeep';
import { displayWindowOptions, kioskWindowOptions } from '../../src-main/electron/window-options';
import { logRotation, rotateLogs } from '../../src-main/shell/log-file';
import { makeTempDir } from '../helpers/temp-dir';

const hub = 'http://127.0.0.1:4610';

describe('kiosk window options', () => {
  it('locks the renderer down: sandbox, isolation, no Node, no webviews, no devtools in kiosk mode', () => {
    const options = kioskWindowOptions('/app/out/preload/preload.cjs', true);
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, frame: false, closable: false, show: false });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
      navigateOnDragDrop: false,
    });
  });

  it('keeps devtools only for a windowed (maintenance) run', () => {
    expect(kioskWindowOptions('/p.cjs', false).webPreferences?.devTools).toBe(true);
  });

  it('gives the second-screen display no preload at all', () => {
    const options = displayWindowOptions({ x: 1920, y: 0, width: 1920, height: 1080 }, true);
    expect(options.webPreferences?.preload).toBeUndefined();
    expect(options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(options).toMatchObject({ x: 1920, width: 1920, fullscreen: true });
  });
});

describe('navigation guard', () => {
  it('allows the hub origin only', () => {
    expect(isAllowedNavigation(`${hub}/kiosk`, hub)).toBe(true);
    expect(isAllowedNavigation(`${hub}/reception?x=1`, hub)).toBe(true);
    for (const url of ['https://example.org/', 'http://127.0.0.1:4611/kiosk', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'not a url', 'http://127.0.0.1:4610.evil.test/']) {
      expect(isAllowedNavigation(url, hub)).toBe(false);
    }
  });
});

describe('permission handler', () => {
  it('allows the camera to the kiosk origin and nothing else to anyone', () => {
    expect(isAllowedPermission('media', hub, hub, { mediaTypes: ['video'] })).toBe(true);
    expect(isAllowedPermission('media', hub, hub, { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(isAllowedPermission('media', 'https://example.org', hub, { mediaTypes: ['video'] })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'midi', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb']) {
      expect(isAllowedPermission(p, hub, hub)).toBe(false);
    }
  });
});

describe('IPC sender validation', () => {
  it('trusts only the main frame on the hub origin', () => {
    expect(isTrustedSender({ url: `${hub}/kiosk`, parent: null }, hub)).toBe(true);
    expect(isTrustedSender({ url: `${hub}/kiosk`, parent: {} }, hub)).toBe(false);
    expect(isTrustedSender({ url: 'https://example.org/', parent: null }, hub)).toBe(false);
    expect(isTrustedSender(null, hub)).toBe(false);
    expect(isTrustedSender(undefined, hub)).toBe(false);
  });
});

describe('kiosk shortcuts', () => {
  const key = (k: string, mods: Partial<{ control: boolean; meta: boolean; alt: boolean; shift: boolean }> = {}) => ({
    type: 'keyDown',
    key: k,
    control: false,
    meta: false,
    alt: false,
    shift: false,
    ...mods,
  });
  it('swallows reload, close, devtools, zoom and history keys, and lets typing through', () => {
    for (const k of [key('F5'), key('F12'), key('r', { control: true }), key('w', { control: true }), key('I', { control: true, shift: true }), key('F4', { alt: true }), key('ArrowLeft', { alt: true }), key('+', { control: true })]) {
      expect(isBlockedShortcut(k)).toBe(true);
    }
    for (const k of [key('a'), key('A', { shift: true }), key('Enter'), key('Backspace'), key('1')]) {
      expect(isBlockedShortcut(k)).toBe(false);
    }
    expect(isBlockedShortcut({ ...key('F5'), type: 'keyUp' })).toBe(false);
  });
});

describe('upkeep decisions', () => {
  const config = {
    timeZone: 'Europe/London',
    openingHours: { mon: [{ open: '09:00', close: '16:30' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  };
  const idle = upkeepLimits.idleBeforeActionMs;

  it('recycles the renderer at night when idle, once, and never while someone is using it', () => {
    const night = new Date('2026-11-24T02:00:00Z');
    expect(shouldRecycleRenderer(config, { now: night, idleMs: idle, rendererMemoryMiB: 200, lastRecycledAt: new Date('2026-11-23T02:00:00Z') })).toBe('nightly');
    expect(shouldRecycleRenderer(config, { now: night, idleMs: idle, rendererMemoryMiB: 200, lastRecycledAt: new Date('2026-11-24T01:30:00Z') })).toBeNull();
    expect(shouldRecycleRenderer(config, { now: night, idleMs: 1000, rendererMemoryMiB: 200, lastRecycledAt: new Date(0) })).toBeNull();
    const opening = new Date('2026-11-23T10:00:00Z');
    expect(shouldRecycleRenderer(config, { now: opening, idleMs: idle, rendererMemoryMiB: 200, lastRecycledAt: new Date(0) })).toBeNull();
    expect(shouldRecycleRenderer(config, { now: opening, idleMs: idle, rendererMemoryMiB: 900, lastRecycledAt: new Date(0) })).toBe('memory');
  });

  it('installs updates only while the hub is closed and the kiosk idle', () => {
    expect(mayInstallUpdate(config, new Date('2026-11-23T10:00:00Z'), idle)).toBe(false);
    expect(mayInstallUpdate(config, new Date('2026-11-23T20:00:00Z'), idle)).toBe(true);
    expect(mayInstallUpdate(config, new Date('2026-11-23T20:00:00Z'), 10)).toBe(false);
  });

  it('notices a clock set before the build or turned back', () => {
    const build = new Date('2026-11-01T00:00:00Z');
    expect(clockProblem(new Date('2026-11-23T10:00:00Z'), new Date('2026-11-23T09:00:00Z'), build)).toBeNull();
    expect(clockProblem(new Date('2001-01-01T00:00:00Z'), null, build)).toMatch(/before this version/);
    expect(clockProblem(new Date('2026-11-23T08:00:00Z'), new Date('2026-11-23T09:00:00Z'), build)).toMatch(/went back/);
  });

  it('warns when the machine runs in another time zone than the hub', () => {
    expect(timeZoneProblem('Europe/London', 'Europe/London')).toBeNull();
    expect(timeZoneProblem('UTC', 'Europe/London')).toMatch(/set the machine to Europe\/London/);
  });

  it('knows the hidden staff gesture: five taps within three seconds', () => {
    expect(isExitGesture([0, 400, 800, 1200, 1600])).toBe(true);
    expect(isExitGesture([0, 1000, 2000, 3000, 3100])).toBe(false);
    expect(isExitGesture([0, 100, 200, 300])).toBe(false);
  });
});

describe('kiosk exit PIN', () => {
  it('verifies only the right PIN against its scrypt hash', () => {
    const hash = hashExitPin('482913');
    expect(hash).toMatch(/^scrypt\$/);
    expect(verifyExitPin('482913', hash)).toBe(true);
    expect(verifyExitPin('482914', hash)).toBe(false);
    expect(verifyExitPin('482913', undefined)).toBe(false);
    expect(verifyExitPin('abc', hash)).toBe(false);
    expect(verifyExitPin('482913', 'scrypt$99999999$8$1$AAAA$BBBB')).toBe(false);
    expect(() => hashExitPin('12')).toThrow(/4 to 12 digits/);
  });
});

describe('log rotation', () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());
  it('keeps yesterday’s log under its date and only the newest files', () => {
    const dir = join(temp.path, 'logs');
    rotateLogs(dir, 'frontdoor');
    for (let i = 0; i < logRotation.keep + 3; i += 1) writeFileSync(join(dir, `frontdoor-2026-01-${String(i + 1).padStart(2, '0')}.log`), 'x');
    const current = join(dir, 'frontdoor.log');
    writeFileSync(current, 'yesterday');
    const yesterday = new Date('2026-11-22T12:00:00Z');
    utimesSync(current, yesterday, yesterday);
    rotateLogs(dir, 'frontdoor', new Date('2026-11-23T08:00:00Z'));
    expect(readFileSync(join(dir, 'frontdoor-2026-11-22.log'), 'utf8')).toBe('yesterday');
    expect(existsSync(current)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('frontdoor-'))).toHaveLength(logRotation.keep);
  });
});

describe('packaging configuration', () => {
  it('sets the Electron fuses and builds AppImage, deb and NSIS installers', () => {
    const config = parse(readFileSync(join(import.meta.dirname, '..', '..', 'electron-builder.yml'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(config['electronFuses']).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config['linux']!['target']).toEqual(['AppImage', 'deb']);
    expect(config['win']!['target']).toEqual(['nsis']);
    expect(config['npmRebuild']).toBe(true);
  });
});
