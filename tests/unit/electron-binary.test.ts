import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as electronBinary from '../../src-main/shell/electron-binary';
import { findElectronBinary, planKioskWindow } from '../../src-main/shell/electron-binary';
import { defaultDataDir } from '../../src-main/shell/data-dir';
import { makeTempDir } from '../helpers/temp-dir';

describe('finding the Electron binary without loading the electron package', () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());

  it('reports the package missing', () => {
    expect(findElectronBinary(null)).toEqual({ available: false, reason: 'the electron package is not installed' });
  });

  it('reports a package whose binary was never downloaded (as after npm ci without network)', () => {
    const dir = join(temp.path, 'never');
    mkdirSync(dir);
    expect(findElectronBinary(dir, {})).toEqual({ available: false, reason: 'the Electron binary has not been downloaded' });
  });

  it('finds a downloaded binary, or says where it went missing', () => {
    const dir = join(temp.path, 'fetched');
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(findElectronBinary(dir, {})).toMatchObject({ available: false, reason: expect.stringContaining('missing') });
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(findElectronBinary(dir, {})).toEqual({ available: true, path: join(dir, 'dist', 'electron') });
  });
});

describe('the kiosk window at `npm start` and `npm run hub`', () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());

  it('never downloads Electron where its binary is missing, and says once how to fetch it', () => {
    // A package whose installer would leave a mark if anything ran it (as the start used to).
    const dir = join(temp.path, 'electron');
    mkdirSync(dir);
    const marker = join(temp.path, 'installer-ran');
    writeFileSync(join(dir, 'install.js'), `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`);
    const plan = planKioskWindow(findElectronBinary(dir, {}), true);
    expect(plan).toEqual({ open: false, message: expect.stringContaining('npm run electron:fetch') });
    expect(plan.open ? '' : plan.message).toContain('the Electron binary has not been downloaded');
    expect(existsSync(marker)).toBe(false);
    // Nothing in the module can start a download any more.
    expect(Object.keys(electronBinary).filter((name) => /fetch|download|install/i.test(name))).toEqual([]);
  });

  it('opens the window where the binary is there and the shell is built', () => {
    expect(planKioskWindow({ available: true, path: '/opt/electron' }, true)).toEqual({ open: true, binary: '/opt/electron' });
    expect(planKioskWindow({ available: true, path: '/opt/electron' }, false)).toMatchObject({ open: false, message: expect.stringContaining('npm run build') });
  });
});

describe('the default data folder', () => {
  it('follows FRONTDOOR_DATA_DIR, then each platform’s convention', () => {
    expect(defaultDataDir({ FRONTDOOR_DATA_DIR: '/srv/fd' }, 'linux')).toBe('/srv/fd');
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux')).toBe(join('/x', 'front-door'));
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('Front Door');
  });
});
