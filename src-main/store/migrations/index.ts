import { migration001 } from './001-initial';
import { migration002 } from './002-staff-access';
import { migration004 } from './004-kiosk-enrolment';
import { migration005 } from './005-alerts-print-day-end';
import { migration009 } from './009-privacy';

export type Migration = {
  version: number;
  name: string;
  /** SQL run inside the migration's transaction. */
  up: string;
};

/**
 * Every migration, in order; a new one is a new numbered file added here with its own test.
 * Numbers 003 and 006–008 are reserved for work on other branches and join the list when that is merged.
 */
export const migrations: readonly Migration[] = [migration001, migration002, migration004, migration005, migration009];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
