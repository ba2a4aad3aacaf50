import type { Statement } from 'better-sqlite3';
import type { HubDatabase } from '../store/database';
import { clearedColumnsByTable, tableScopes, type PersonalColumn } from './personal-data';
import { countsAtClearing, countsAtDeletion, prepareCounts, registerCountFunctions } from './retained-counts';
import { RollupKeeping } from './rollup-keeping';

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

type TableClear = { table: string; keys: string[]; count: Statement; update: Statement; answers: boolean };

/**
 * One table's clearing: a count of what is there to clear, column by column, and one UPDATE that
 * clears every personal column of the batch's rows at once (for visits, also marking them cleared),
 * so each row is rewritten once.
 */
function tableClear(db: HubDatabase, table: string, columns: readonly PersonalColumn[]): TableClear {
  const scope = tableScopes[table];
  const where = scope === 'visit-row' ? `id IN ${batch}` : scope === 'visit' ? `visit_id IN ${batch}` : null;
  if (!where) throw new Error(`${table} has columns cleared with their visit, but does not belong to a visit.`);
  const present = (c: PersonalColumn) => (c.clearedTo === '[]' ? `${c.column} <> '[]'` : `${c.column} IS NOT NULL`);
  const cleared = (c: PersonalColumn) => (c.clearedTo === '[]' ? `'[]'` : 'NULL');
  const answers = columns.some((c) => c.only === 'sensitive-or-text-answers');
  const only = answers ? ` AND question_id NOT IN (SELECT value FROM json_each(@plainQuestions))` : '';
  const visits = table === 'visits';
  const sums = [
    ...columns.map((c) => `coalesce(sum(${present(c)}), 0) AS "${c.table}.${c.column}"`),
    ...(visits ? [`coalesce(sum(personal_data_removed_at IS NULL), 0) AS "visits.personal_data_removed_at"`] : []),
  ];
  const sets = [...columns.map((c) => `${c.column} = ${cleared(c)}`), ...(visits ? ['personal_data_removed_at = coalesce(personal_data_removed_at, @at)'] : [])];
  // Visits are all marked; other rows are rewritten only when they hold something to clear.
  const holding = visits ? '' : ` AND (${columns.map(present).join(' OR ')})`;
  // Table and column names come from the registry, which a test checks against the schema.
  return {
    table,
    keys: [...columns.map((c) => `${c.table}.${c.column}`), ...(visits ? ['visits.personal_data_removed_at'] : [])],
    count: db.prepare(`SELECT ${sums.join(', ')} FROM ${table} WHERE ${where}${only}`),
    update: db.prepare(`UPDATE ${table} SET ${sets.join(', ')} WHERE ${where}${holding}${only}`),
    answers,
  };
}

/**
 * Clears the personal fields of visits (the registry's `personal-period` columns), after adding what
 * clearing removes to the day's anonymous counts; and deletes visits, after counting them. Call
 * inside a transaction; visit ids are passed as a JSON array.
 */
export class VisitClearing {
  private readonly clears: TableClear[];
  private readonly countAtClearing: (visits: string) => void;
  private readonly countAtDeletion: (visits: string) => void;
  private readonly pendingOf: Statement;
  private readonly deletions: { table: string; statement: Statement }[];
  private readonly rollups: RollupKeeping;

  constructor(db: HubDatabase) {
    this.rollups = new RollupKeeping(db);
    registerCountFunctions(db);
    const byTable = clearedColumnsByTable();
    if (!byTable.has('visits')) byTable.set('visits', []);
    this.clears = [...byTable.entries()].map(([table, columns]) => tableClear(db, table, columns));
    this.countAtClearing = prepareCounts(db, countsAtClearing);
    this.countAtDeletion = prepareCounts(db, countsAtDeletion);
    this.pendingOf = db.prepare(`SELECT id FROM visits WHERE id IN ${batch} AND personal_data_removed_at IS NULL`);
    this.deletions = [
      ...visitCascade(db).map((d) => ({ table: d.table, statement: db.prepare(d.sql) })),
      // Alerts name their visit without a foreign key (a device alert has none).
      { table: 'alerts', statement: db.prepare(`DELETE FROM alerts WHERE visit_id IN ${batch}`) },
      // Equality answers stay with the resident; the visit they were given at goes (ON DELETE SET NULL, by hand).
      { table: 'demographics.consent_visit_id', statement: db.prepare(`UPDATE demographics SET consent_visit_id = NULL WHERE consent_visit_id IN ${batch}`) },
      { table: 'visits', statement: db.prepare(`DELETE FROM visits WHERE id IN ${batch}`) },
    ];
  }

  /**
   * Clears the visits' personal fields and marks them cleared; `plainQuestions` from
   * `plainChoiceQuestions`. Visits cleared before (by an earlier run or an erasure) are counted
   * again only for what is still there.
   */
  clear(visitIds: readonly string[], at: string, plainQuestions: readonly string[]): FieldCounts {
    const visits = JSON.stringify(visitIds);
    const counts: FieldCounts = {};
    // Counted before clearing, and only for visits not cleared before, so nothing is counted twice.
    this.countAtClearing(JSON.stringify(this.notYetCleared(visits)));
    const plain = JSON.stringify(plainQuestions);
    for (const c of this.clears) {
      const params = { visits, at, ...(c.answers ? { plainQuestions: plain } : {}) };
      const found = c.count.get(params) as Record<string, number>;
      for (const key of c.keys) counts[key] = found[key] ?? 0;
      c.update.run(params);
    }
    return counts;
  }

  /**
   * Deletes visits and every row of theirs, after adding their anonymous figures to retained_counts
   * (the report rollups keep theirs: see RollupKeeping).
   * Rows go deepest first, as the schema's ON DELETE CASCADE would take them, a table at a time (by
   * the index on its visit or ticket), so the cascade finds nothing left when each parent goes.
   */
  delete(visitIds: readonly string[]): FieldCounts {
    const visits = JSON.stringify(visitIds);
    // A visit deleted before its personal fields were cleared (a short visitRetentionDays) counts those too.
    this.countAtClearing(JSON.stringify(this.notYetCleared(visits)));
    this.countAtDeletion(visits);
    const counts: FieldCounts = {};
    // The report rollups keep what they counted of these visits.
    this.rollups.keep(() => {
      for (const d of this.deletions) counts[d.table] = (counts[d.table] ?? 0) + d.statement.run({ visits }).changes;
    });
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
