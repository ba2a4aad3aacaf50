import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// ESLint loads the whole typed config on first use: slow on a busy machine, so these get time.
describe('lint enforces the layers', { timeout: 60_000 }, () => {
  it('keeps src-shared free of Node, native, server and Electron packages', async () => {
    expect(await restrictedImports('src-shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toHaveLength(1);
    expect(await restrictedImports('src-shared/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n")).toHaveLength(1);
    expect(await restrictedImports('src-shared/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
    expect(await restrictedImports('src-shared/x.ts', "import { Hub } from '../src-main/hub';\nexport const x = Hub;\n")).toHaveLength(1);
    expect(await restrictedImports('src-shared/x.ts', "import { z } from 'zod';\nexport const x = z;\n")).toHaveLength(0);
  });

  it('lets the renderer import only src-shared and web packages', async () => {
    expect(await restrictedImports('src-renderer/x.ts', "import { Hub } from '../src-main/hub';\nexport const x = Hub;\n")).toHaveLength(1);
    expect(await restrictedImports('src-renderer/x.ts', "import { SerialPort } from 'serialport';\nexport const x = SerialPort;\n")).toHaveLength(1);
    expect(await restrictedImports('src-renderer/x.ts', "import { join } from 'node:path';\nexport const x = join;\n")).toHaveLength(1);
    expect(await restrictedImports('src-renderer/x.ts', "import { routes } from '../src-shared/api/contract';\nexport const x = routes;\n")).toHaveLength(0);
  });

  it('keeps electron inside src-main/electron', async () => {
    expect(await restrictedImports('src-main/hub-x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
    expect(await restrictedImports('hardware/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
    expect(await restrictedImports('src-main/electron/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(0);
  });

  it('keeps hardware from reaching into the hub core', async () => {
    expect(await restrictedImports('hardware/x.ts', "import { Hub } from '../src-main/hub';\nexport const x = Hub;\n")).toHaveLength(1);
    expect(await restrictedImports('hardware/x.ts', "import HID from 'node-hid';\nexport const x = HID;\n")).toHaveLength(0);
  });

  it('keeps the collector to src-shared and PostgreSQL', async () => {
    expect(await restrictedImports('src-upstream/x.ts', "import { Hub } from '../src-main/hub';\nexport const x = Hub;\n")).toHaveLength(1);
    expect(await restrictedImports('src-upstream/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n")).toHaveLength(1);
    expect(await restrictedImports('src-upstream/x.ts', "import { syncEvent } from '../src-shared/sync/events';\nexport const x = syncEvent;\n")).toHaveLength(0);
    expect(await restrictedImports('src-upstream/x.ts', "import pg from 'pg';\nexport const x = pg;\n")).toHaveLength(0);
  });
});
