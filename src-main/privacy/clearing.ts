import type { Statement } from 'better-sqlite3';
import type { HubDatabase } from '../store/database';
import { clearedColumnsByTable, tableScopes, type PersonalColumn } from './personal-data';
import { countsAtClearing, countsAtDeletion, prepareCounts, registerCountFunctions } from './retained-counts';

/** What clearing or deleting changed, field by field (`visits.display_name` …): counts, never values. */
export type FieldCounts = Record<string, number>;

/**
 * Question ids whose answers are anonymous: plain choice questions (single, multi, yes/no) that are
 * not sensitive in any configuration this hub has used. Every other answer — free text, sensitive
 * questions, and questions no stored configuration knows — is personal and cleared with the visit.
 */
export function plainChoiceQuestions(db: HubDatabase): string[] {
  const bodies = db.prepare('SELECT body FROM config_versions').all() as { body: string }[];
  const plain = new Set<string>();
  const personal = new Set<string>();
  for (const { body } of bodies) {
    let questions: unknown = [];
    try {
      questions = (JSON.parse(body) as { triage?: { questions?: unknown } }).triage?.questions ?? [];
    } catch {
      questions = [];
    }
    if (!Array.isArray(questions)) continue;
    for (const q of questions as { id?: unknown; kind?: unknown; sensitive?: unknown }[]) {
      if (typeof q.id !== 'string') continue;
      const choice = q.kind === 'single' || q.kind === 'multi' || q.kind === 'yesno';
      if (choice && q.sensitive !== true) plain.add(q.id);
      else personal.add(q.id);
    }
  }
  return [...plain].filter((id) => !personal.has(id)).sort();
}

const batch = '(SELECT value FROM json_each(@visits))';

function clearStatement(db: HubDatabase, c: PersonalColumn): Statement {
  const scope = tableScopes[c.table];
  const where = scope === 'visit-row' ? `id IN ${batch}` : scope === 'visit' ? `visit_id IN ${batch}` : null;
  if (!where) throw new Error(`${c.table}.${c.column} is cleared with its visit, but ${c.table} does not belong to a visit.`);
  const cleared = c.clearedTo === '[]' ? `'[]'` : 'NULL';
  const present = c.clearedTo === '[]' ? `${c.column} <> '[]'` : `${c.column} IS NOT NULL`;
  const only = c.only === 'sensitive-or-text-answers' ? ` AND question_id NOT IN (SELECT value FROM json_each(@plainQuestions))` : '';
  // Table and column names come from the registry, which a test checks against the schema.
  return db.prepare(`UPDATE ${c.table} SET ${c.column} = ${cleared} WHERE ${where} AND ${present}${only}`);
}

/**
 * Clears the personal fields of visits (the registry's `personal-period` columns), after adding what
 * clearing removes to the day's anonymous counts; and deletes visits, after counting them. Call
 * inside a transaction; visit ids are passed as a JSON array.
 */
export class VisitClearing {
  private readonly clears: { key: string; statement: Statement; answers: boolean }[];
  private readonly countAtClearing: (visits: string) => void;
  private readonly countAtDeletion: (visits: string) => void;
  private readonly markCleared: Statement;
  private readonly pendingOf: Statement;
  private readonly deletions: { table: string; statement: Statement }[];

  constructor(db: HubDatabase) {
    registerCountFunctions(db);
    this.clears = [...clearedColumnsByTable().values()].flat().map((c) => ({
      key: `${c.table}.${c.column}`,
      statement: clearStatement(db, c),
      answers: c.only === 'sensitive-or-text-answers',
    }));
    this.countAtClearing = prepareCounts(db, countsAtClearing);
    this.countAtDeletion = prepareCounts(db, countsAtDeletion);
    this.pendingOf = db.prepare(`SELECT id FROM visits WHERE id IN ${batch} AND personal_data_removed_at IS NULL`);
    this.markCleared = db.prepare(`UPDATE visits SET personal_data_removed_at = @at WHERE id IN ${batch} AND personal_data_removed_at IS NULL`);
    this.deletions = [
      ...visitCascade(db).map((d) => ({ table: d.table, statement: db.prepare(d.sql) })),
      // Alerts name their visit without a foreign key (a device alert has none).
      { table: 'alerts', statement: db.prepare(`DELETE FROM alerts WHERE visit_id IN ${batch}`) },
      { table: 'visits', statement: db.prepare(`DELETE FROM visits WHERE id IN ${batch}`) },
    ];
  }

  /**
   * Clears the visits' personal fields; `plainQuestions` from `plainChoiceQuestions`. Visits cleared
   * before (by an earlier run or an erasure) are counted again only for what is still there.
   */
  clear(visitIds: readonly string[], at: string, plainQuestions: readonly string[]): FieldCounts {
    const visits = JSON.stringify(visitIds);
    const counts: FieldCounts = {};
    // Counted before clearing, and only for visits not cleared before, so nothing is counted twice.
    const pending = JSON.stringify(this.notYetCleared(visits));
    this.countAtClearing(pending);
    for (const c of this.clears) {
      counts[c.key] = c.statement.run(c.answers ? { visits, plainQuestions: JSON.stringify(plainQuestions) } : { visits }).changes;
    }
    counts['visits.personal_data_removed_at'] = this.markCleared.run({ visits, at }).changes;
    return counts;
  }

  /**
   * Deletes visits and every row of theirs, after adding their anonymous figures to retained_counts.
   * Rows go deepest first, as the schema's ON DELETE CASCADE would take them, so the caller may run
   * it with foreign keys off (no lookup of what refers to each deleted row: several times faster).
   */
  delete(visitIds: readonly string[]): FieldCounts {
    const visits = JSON.stringify(visitIds);
    // A visit deleted before its personal fields were cleared (a short visitRetentionDays) counts those too.
    this.countAtClearing(JSON.stringify(this.notYetCleared(visits)));
    this.countAtDeletion(visits);
    const counts: FieldCounts = {};
    for (const d of this.deletions) counts[d.table] = (counts[d.table] ?? 0) + d.statement.run({ visits }).changes;
    return counts;
  }

  private notYetCleared(visits: string): string[] {
    return (this.pendingOf.all({ visits }) as { id: string }[]).map((r) => r.id);
  }
}

/**
 * Every table whose rows go with a visit through ON DELETE CASCADE (directly, or through a table that
 * does, such as tickets), with the DELETE that removes a batch's rows from it, deepest first. Read
 * from the schema, so a table another part of the hub adds with such a reference is included.
 */
export function visitCascade(db: HubDatabase): { table: string; sql: string }[] {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((t) => t.name);
  const references = tables.flatMap((table) =>
    (db.prepare('SELECT "table" AS parent, "from" AS child, "to" AS key, on_delete AS action FROM pragma_foreign_key_list(?)').all(table) as {
      parent: string;
      child: string;
      key: string | null;
      action: string;
    }[])
      .filter((r) => r.action === 'CASCADE' && r.parent !== table)
      .map((r) => ({ table, ...r })),
  );
  const out: { table: string; sql: string }[] = [];
  // The keys of `parent`'s rows being deleted, as SQL: the batch for visits, a sub-select below it.
  const walk = (parent: string, keysOf: (column: string) => string, depth: number) => {
    if (depth > 8) throw new Error('The schema’s cascades from visits go deeper than expected.');
    for (const r of references.filter((x) => x.parent === parent)) {
      const rows = `${r.child} IN ${keysOf(r.key ?? 'rowid')}`;
      walk(r.table, (column) => `(SELECT ${column} FROM ${r.table} WHERE ${rows})`, depth + 1);
      out.push({ table: r.table, sql: `DELETE FROM ${r.table} WHERE ${rows}` });
    }
  };
  walk('visits', (column) => (column === 'id' ? batch : `(SELECT ${column} FROM visits WHERE id IN ${batch})`), 0);
  return out;
}

/** Adds `from` into `into`, key by key. */
export function addCounts(into: FieldCounts, from: FieldCounts): FieldCounts {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
  return into;
}
