import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../src-main/shell/electron-binary';
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

describe('the default data folder', () => {
  it('follows FRONTDOOR_DATA_DIR, then each platform’s convention', () => {
    expect(defaultDataDir({ FRONTDOOR_DATA_DIR: '/srv/fd' }, 'linux')).toBe('/srv/fd');
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux')).toBe(join('/x', 'front-door'));
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('Front Door');
  });
});
