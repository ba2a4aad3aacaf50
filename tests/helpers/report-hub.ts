import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ProgrammeRecords } from '../../src-main/programme/programme-records';
import { QueueService } from '../../src-main/queue/queue-service';
import { ReportService } from '../../src-main/reports/report-service';
import { openDatabase, type HubDatabase } from '../../src-main/store/database';
import { Outbox } from '../../src-main/sync/outbox';
import type { HubConfig, HubConfigInput } from '../../src-shared/config/schema';
import { queueTestHub } from './queue-hub';

/**
 * The small queue test hub with what reports read: organisations, programmes, the equality
 * questions, targets and a funder return.
 */
export function reportTestHub(overrides: Partial<HubConfigInput> = {}): HubConfig {
  return queueTestHub({
    organisations: [
      { id: 'citizens-advice', name: 'Citizens Advice' },
      { id: 'connect-to-work', name: 'Connect to Work' },
    ],
    programmes: [
      { id: 'connect-to-work', name: 'Connect to Work', funder: 'DWP' },
      { id: 'keyworker', name: 'Keyworker support', partner: 'council' },
    ],
    equality: { enabled: true },
    reporting: {
      exportPurposes: [
        { id: 'monitoring', label: 'Monitoring (no names)', names: false },
        { id: 'case-review', label: 'Case review (names)', names: true },
      ],
      targets: [
        { id: 'engage-inactive', label: 'Engage 10 inactive residents', measure: 'people-engaged', filters: { economicStatuses: ['inactive'] }, target: 10, from: '2026-04-01', to: '2027-03-31' },
        { id: 'into-work', label: 'Four into work', measure: 'people-with-outcome', filters: { outcomeKinds: ['job', 'self-employment'] }, target: 4, from: '2026-04-01', to: '2027-03-31' },
      ],
      funderReturns: [
        {
          id: 'ctw',
          name: 'Connect to Work return',
          toVerify: true,
          indicators: [
            { id: 'CTW-1', label: 'Referrals (to verify)', definition: 'People referred to Citizens Advice.', measure: 'people-referred', filters: { organisations: ['citizens-advice'] } },
            { id: 'CTW-2', label: 'Starts (to verify)', definition: 'First registrations on CtW.', measure: 'participants-registered', filters: { programmes: ['connect-to-work'] } },
            { id: 'CTW-3', label: 'Footfall', definition: 'Check-ins.', measure: 'footfall' },
          ],
        },
      ],
    },
    ...overrides,
  });
}

export type ReportHub = { db: HubDatabase; queue: QueueService; reports: ReportService; programme: ProgrammeRecords; setClock: (iso: string) => void; close: () => void };

/** A queue, reports and programme records on one database in `dir` (or the `file` given), with a clock the test sets. */
export function openReportHub(dir: string, hub: HubConfig = reportTestHub(), file?: string): ReportHub {
  const db = openDatabase(file ?? join(dir, `reports-${Date.now()}-${Math.random().toString(16).slice(2)}.sqlite`));
  let clock = new Date('2026-01-01T12:00:00.000Z');
  const now = () => clock;
  const configHash = 'feedc0de00000001';
  const programmeKey = randomBytes(32);
  const queue = new QueueService({ db, hub, configHash, identifierKey: randomBytes(32), programmeKey, now });
  return {
    db,
    queue,
    reports: new ReportService({ db, hub, exportKey: Buffer.alloc(32, 7), now }),
    programme: new ProgrammeRecords(db, hub, now, new Outbox(db, { hubId: hub.id, configVersion: hub.version, configHash }), programmeKey),
    setClock: (iso) => {
      clock = new Date(iso);
    },
    close: () => db.close(),
  };
}
