import { migration001 } from './001-initial';
import { migration002 } from './002-staff-access';
import { migration003 } from './003-sync-upstream';
import { migration004 } from './004-kiosk-enrolment';
import { migration005 } from './005-alerts-print-day-end';
import { migration006 } from './006-sync-alerts';
import { migration009 } from './009-privacy';
import { migration010 } from './010-send-on-to-desk';
import { migration011 } from './011-visit-numbers';
import { migration012 } from './012-journey';
import { migration013 } from './013-hub-events';
import { migration014 } from './014-equality-and-report-indexes';
import { migration015 } from './015-rollups-kept-through-retention';
import { migration016 } from './016-retention-indexes';
import { migration017 } from './017-referral-receivers';

export type Migration = {
  version: number;
  name: string;
  /** SQL run inside the migration's transaction. */
  up: string;
  /**
   * For a database from before migrations were recorded one by one: a query that returns a row when
   * this migration's change is there. Without it, every migration up to `user_version` counts as applied.
   */
  appliedIf?: string;
};

/** Every migration, in order; a new one is a new numbered file added here with its own test. */
export const migrations: readonly Migration[] = [
  migration001, migration002, migration003, migration004, migration005, migration006, migration009, migration010, migration011, migration012, migration013, migration014, migration015, migration016, migration017,
];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
