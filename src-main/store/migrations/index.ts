import { migration001 } from './001-initial';
import { migration002 } from './002-staff-access';
import { migration004 } from './004-kiosk-enrolment';
import { migration005 } from './005-alerts-print-day-end';
import { migration006 } from './006-journey';
import { migration007 } from './007-hub-events';
import { migration008 } from './008-equality-and-report-indexes';

export type Migration = {
  version: number;
  name: string;
  /** SQL run inside the migration's transaction. */
  up: string;
};

/**
 * Every migration, in order; a new one is a new numbered file added here with its own test.
 * Number 003 is reserved for work on another branch and joins the list when that is merged.
 */
export const migrations: readonly Migration[] = [migration001, migration002, migration004, migration005, migration006, migration007, migration008];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
