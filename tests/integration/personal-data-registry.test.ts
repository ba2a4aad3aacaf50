import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalData, residentExpiries, residentKinds, tableScopes } from '../../src-main/privacy/personal-data';
import { openDatabase, type HubDatabase } from '../../src-main/store/database';

/**
 * The personal-data registry against the live schema: every column of every table says what it
 * holds and how it expires, so a new column (from any branch) fails here until it does; and the
 * promises the retention job relies on (cascades, scopes) hold in the schema.
 */
describe('the personal-data registry', () => {
  let db: HubDatabase;
  const tables = () =>
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  const columnsOf = (table: string) => (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name);
  const foreignKeys = (table: string) =>
    db.prepare('SELECT "table" AS parent, "from" AS column, on_delete AS onDelete FROM pragma_foreign_key_list(?)').all(table) as {
      parent: string;
      column: string;
      onDelete: string;
    }[];

  beforeAll(() => {
    db = openDatabase(':memory:');
  });
  afterAll(() => db.close());

  it('classifies every column of every table, and nothing that does not exist', () => {
    const live = tables().flatMap((t) => columnsOf(t).map((c) => `${t}.${c}`)).sort();
    const listed = personalData.map((c) => `${c.table}.${c.column}`).sort();
    const missing = live.filter((c) => !listed.includes(c));
    const extra = listed.filter((c) => !live.includes(c));
    expect(missing, 'columns the registry does not classify (say what they hold and how they expire in src-main/privacy/personal-data.ts)').toEqual([]);
    expect(extra, 'registry entries for columns that do not exist').toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(Object.keys(tableScopes).sort()).toEqual(tables());
  });

  it('lets nothing that identifies or describes a resident be kept, or outlive the personal period', () => {
    const wrong = personalData.filter((c) => residentKinds.includes(c.kind) && !residentExpiries.includes(c.expiry)).map((c) => `${c.table}.${c.column} (${c.kind}, ${c.expiry})`);
    expect(wrong).toEqual([]);
  });

  it('clears personal-period columns only in tables that belong to a visit, to values the schema accepts', () => {
    for (const c of personalData.filter((p) => p.expiry === 'personal-period')) {
      const scope = tableScopes[c.table];
      expect(['visit', 'visit-row'], `${c.table}.${c.column}`).toContain(scope);
      if (scope === 'visit') expect(columnsOf(c.table), c.table).toContain('visit_id');
      const info = db.prepare('SELECT "notnull" AS required FROM pragma_table_info(?) WHERE name = ?').get(c.table, c.column) as { required: number };
      if (info.required === 1) expect(c.clearedTo, `${c.table}.${c.column} is NOT NULL: it needs a cleared value`).toBe('[]');
    }
  });

  it('deletes with-visitor data with the resident’s record (cascade), and unlinks their visits', () => {
    for (const table of new Set(personalData.filter((c) => c.expiry === 'with-visitor').map((c) => c.table))) {
      if (table === 'visitors') continue;
      const links = foreignKeys(table).filter((f) => f.parent === 'visitors');
      expect(links.length, `${table} refers to visitors`).toBeGreaterThan(0);
      for (const link of links) expect(link.onDelete, `${table}.${link.column}`).toBe(table === 'visits' ? 'SET NULL' : 'CASCADE');
    }
  });

  it('deletes every row of a visit’s tables with the visit (cascade, through its tickets, or by the job)', () => {
    const cascades = (table: string, seen: string[] = []): boolean => {
      if (table === 'visits') return true;
      if (seen.includes(table)) return false;
      return foreignKeys(table).some((f) => f.onDelete === 'CASCADE' && cascades(f.parent, [...seen, table]));
    };
    const deletedByTheJob = ['alerts'];
    for (const [table, scope] of Object.entries(tableScopes)) {
      if (scope !== 'visit' || deletedByTheJob.includes(table)) continue;
      expect(cascades(table), `${table} goes when its visit is deleted`).toBe(true);
    }
  });
});
