import type { RunResult } from 'better-sqlite3';
import type { HubDatabase } from '../store/database';

/**
 * A prepared statement with its parameters and row type written once, where the SQL is, so the
 * code that runs it needs no casts. Named parameters are one object: `Query<[{ id: string }], Row>`.
 */
export type Query<Params extends unknown[], Row> = {
  /** The first row, or undefined when there is none. */
  get(...params: Params): Row | undefined;
  /** The row a statement always returns (an aggregate, or RETURNING of an upsert). */
  one(...params: Params): Row;
  all(...params: Params): Row[];
};

export type Command<Params extends unknown[]> = {
  run(...params: Params): RunResult;
};

export function query<Params extends unknown[], Row>(db: HubDatabase, sql: string): Query<Params, Row> {
  const statement = db.prepare<Params, Row>(sql);
  return {
    get: (...params) => statement.get(...params),
    one: (...params) => {
      const row = statement.get(...params);
      if (row === undefined) throw new Error(`A statement that always returns a row returned none: ${sql.trim().split('\n')[0]}`);
      return row;
    },
    all: (...params) => statement.all(...params),
  };
}

export function command<Params extends unknown[]>(db: HubDatabase, sql: string): Command<Params> {
  const statement = db.prepare<Params>(sql);
  return { run: (...params) => statement.run(...params) };
}

/** A `count(*) AS n` or `coalesce(…, 0) AS n` row. */
export type Count = { n: number };
