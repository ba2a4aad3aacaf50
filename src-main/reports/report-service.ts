import { createHmac } from 'node:crypto';
import { servicesOf, type HubConfig } from '../../src-shared/config/schema';
import type { MeasureFilters } from '../../src-shared/config/reporting';
import type { DashboardReply, ExportFormat, FunderReturnReply } from '../../src-shared/reports/contract';
import { buildFigures, figureDefinitions, suppressFigure, type FigureTable } from '../../src-shared/reports/figures';
import { measureDefinitions, targetProgress, targetWindow } from '../../src-shared/reports/measures';
import { publishCount, type SuppressionRule } from '../../src-shared/reports/suppression';
import { localTimes, serviceDayOf } from '../../src-shared/time';
import { openDatabase } from '../store/database';
import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';
import { ReaderGone, tableFile, type Cell, type TableFile } from './file-writers';
import { MeasureQueries } from './measure-queries';
import { ReportFactReader } from './report-facts';

type Range = { from: string; to: string };

/** Where a failure half-way through a file is reported (the request's logger). */
export type ErrorLog = { error: (details: Record<string, unknown>, message: string) => void };

export type FileOut = { filename: string; contentType: string; stream: NodeJS.ReadableStream; rows?: number };

/** One row of the visit-level export as SQLite gives it: a visit and one of its stops (or none). */
type StopRow = [
  visitId: string,
  visitorId: string | null,
  displayName: string | null,
  serviceDay: string,
  checkedInAt: string,
  method: string,
  heard: string | null,
  needs: string | null,
  event: string | null,
  stopOrder: number | null,
  serviceId: string | null,
  status: string | null,
  queuedAt: string | null,
  calledAt: string | null,
  finishedAt: string | null,
  waitFrom: string | null,
  finishOutcome: string | null,
  journey: string | null,
];

/**
 * Every visit of a range with each of its stops, in check-in order: one statement, read as it goes
 * (never the range in memory). The visit's lists repeat on each of its stops. How-heard answers and
 * needs are read from their primary keys (visit, then id), so each list comes in id order without
 * a sort per row.
 */
/** The first visits of a range (the earliest visit of each visitor's first day), from the rollups. */
const firstVisitsSql = `
  SELECT substr(attr, instr(attr, ' ') + 1) FROM report_person_days
  WHERE key = 'visit' AND prev_day IS NULL AND day BETWEEN @from AND @to`;

const stopRowsSql = `
  SELECT v.id, v.visitor_id, v.display_name, v.service_day, v.checked_in_at, v.method,
         (SELECT group_concat(option_id, '; ') FROM how_heard_answers WHERE visit_id = v.id),
         (SELECT group_concat(need_id, '; ') FROM visit_needs WHERE visit_id = v.id),
         (SELECT event_id FROM visit_events WHERE visit_id = v.id),
         t.stop_order, t.service_id, t.status, t.queued_at, t.called_at, t.finished_at,
         coalesce((SELECT s.finished_at FROM tickets s WHERE s.id = t.transferred_from), t.queued_at),
         (SELECT group_concat(kind, '; ') FROM outcomes WHERE visit_id = v.id AND ticket_id = t.id),
         (SELECT group_concat(stage || coalesce(':' || organisation_id, ':' || programme_id, '') || coalesce(':' || outcome_kind, '') || ' ' || occurred_on, '; ')
            FROM (SELECT * FROM journey_facts WHERE visit_id = v.id AND service_id = t.service_id ORDER BY id))
  FROM visits v LEFT JOIN tickets t ON t.visit_id = v.id
  WHERE v.service_day BETWEEN @from AND @to
  ORDER BY v.service_day, v.checked_in_at, v.id, t.stop_order`;

/** The visit-level export's columns and what each means: the file's data dictionary. */
export const visitColumns: { key: string; meaning: string; names?: true }[] = [
  { key: 'visit_ref', meaning: 'The visit’s id in this hub (a UUIDv7: it begins with the check-in time, the rest is random; it links nothing outside the hub).' },
  { key: 'visitor_ref', meaning: 'Pseudonymous visitor reference: HMAC-SHA256 of the visitor id with this hub’s export key, first 16 hex digits. Empty for an anonymous check-in. The same person has the same reference in every export of this hub.' },
  { key: 'name', meaning: 'The first name or initials given for calling; only in exports whose purpose allows names.', names: true },
  { key: 'service_day', meaning: 'The hub’s local date of the check-in (YYYY-MM-DD).' },
  { key: 'checked_in_local_time', meaning: 'Local time of the check-in (HH:MM, hub time zone).' },
  { key: 'checked_in_utc', meaning: 'The check-in instant in UTC (ISO 8601).' },
  { key: 'method', meaning: 'How the visitor identified: card, qr, walk-in (anonymous) or staff (checked in by reception).' },
  { key: 'first_visit', meaning: 'yes: the visitor’s first visit; no: they had visited before; not identified: anonymous check-in.' },
  { key: 'how_heard', meaning: 'How-heard option ids chosen at this visit, separated by “; ”.' },
  { key: 'needs', meaning: 'Need ids triage recorded, separated by “; ”.' },
  { key: 'event', meaning: 'The id of the event the visit was for, if any.' },
  { key: 'stop_order', meaning: 'The service stop’s place in the visit (1 = first).' },
  { key: 'service', meaning: 'Service id of the stop.' },
  { key: 'partner', meaning: 'Partner id of the service.' },
  { key: 'stop_status', meaning: 'waiting, called, serving, done, no-show, cancelled or transferred.' },
  { key: 'queued_utc', meaning: 'When the stop joined the queue (UTC).' },
  { key: 'called_utc', meaning: 'When the visitor was called (UTC); empty if never.' },
  { key: 'wait_minutes', meaning: 'Whole minutes from joining the queue (or being sent on from another service) to being called.' },
  { key: 'finished_utc', meaning: 'When the stop ended (UTC).' },
  { key: 'finish_outcome', meaning: 'The outcome chosen when the stop finished (advice-given, referred, registered, signposted, appointment-booked, no-further-action).' },
  { key: 'journey', meaning: 'Journey facts recorded for this visit and service: stage, with organisation, programme or outcome kind and its date, separated by “; ”.' },
];

export type ReportServiceOptions = { db: HubDatabase; hub: HubConfig; exportKey: Buffer; now: () => Date };

/** The dashboard, the exports and the funder returns, from the figures and measures defined once in src-shared/reports. */
export class ReportService {
  private readonly facts: ReportFactReader;
  private readonly measures: MeasureQueries;
  private readonly db: HubDatabase;
  private readonly hub: HubConfig;
  private readonly exportKey: Buffer;
  private readonly now: () => Date;

  constructor(options: ReportServiceOptions) {
    this.db = options.db;
    this.hub = options.hub;
    this.exportKey = options.exportKey;
    this.now = options.now;
    this.facts = new ReportFactReader(options.db, options.hub);
    this.measures = new MeasureQueries(options.db, options.hub, this.facts);
  }

  get rule(): SuppressionRule {
    return this.hub.reporting.suppression;
  }

  today(): string {
    return serviceDayOf(this.now(), this.hub.timeZone);
  }

  figures(range: Range): FigureTable[] {
    return buildFigures(this.facts.facts(range), this.hub);
  }

  measure(measure: Parameters<MeasureQueries['value']>[0], filters: MeasureFilters, range: Range): number {
    return this.measures.value(measure, filters, range);
  }

  dashboard(range: Range): DashboardReply {
    const today = this.today();
    const targets = this.hub.reporting.targets.map((t) => {
      const window = targetWindow(t, today);
      return targetProgress(t, today, window ? this.measures.value(t.measure, t.filters, window) : 0);
    });
    return { from: range.from, to: range.to, today, timeZone: this.hub.timeZone, generatedAt: this.now().toISOString(), figures: this.figures(range), targets };
  }

  funderReturn(returnId: string, range: Range): FunderReturnReply {
    const config = this.hub.reporting.funderReturns.find((r) => r.id === returnId);
    if (!config) {
      const known = this.hub.reporting.funderReturns.map((r) => r.id).join(', ') || 'none';
      throw new HubError('NOT_FOUND', `returnId: this hub has no funder return "${returnId}" (it has: ${known}).`, { field: 'returnId' });
    }
    return {
      returnId: config.id,
      name: config.name,
      funder: config.funder ?? null,
      toVerify: config.toVerify,
      from: range.from,
      to: range.to,
      suppression: { threshold: this.rule.threshold, roundTo: this.rule.roundTo },
      indicators: config.indicators.map((ind) => {
        const value = this.measures.value(ind.measure, ind.filters, range);
        return {
          id: ind.id,
          label: ind.label,
          definition: ind.definition,
          measure: ind.measure,
          measureMeaning: measureDefinitions[ind.measure].meaning,
          filters: describeFilters(ind.filters),
          value,
          published: publishCount(value, this.rule),
        };
      }),
      returns: this.hub.reporting.funderReturns.map((r) => ({ id: r.id, name: r.name })),
    };
  }

  /** Why a manager exports: the purpose decides whether names go in the file. */
  exportPurpose(purposeId: string | undefined): { id: string; label: string; names: boolean } {
    const purposes = this.hub.reporting.exportPurposes;
    const purpose = purposeId ? purposes.find((p) => p.id === purposeId) : purposes[0];
    if (!purpose) throw new HubError('VALIDATION_FAILED', `purpose: "${purposeId}" is not one of this hub's export purposes (${purposes.map((p) => p.id).join(', ')}).`, { field: 'purpose' });
    return purpose;
  }

  visitorRef(visitorId: string | null): string {
    return visitorId ? createHmac('sha256', this.exportKey).update(`visitor:${visitorId}`).digest('hex').slice(0, 16) : '';
  }

  private fileName(kind: string, range: Range, format: ExportFormat): string {
    return `${this.hub.id}-${kind}-${range.from}-to-${range.to}.${format}`;
  }

  /** Starts writing in the background; a failure half-way ends the stream with the error. */
  private start(file: TableFile, write: (file: TableFile) => Promise<void>, logger?: ErrorLog): void {
    write(file)
      .then(() => file.finish())
      .catch((error: unknown) => {
        // A download closed before its end is no failure of the export.
        if (!(error instanceof ReaderGone)) logger?.error({ err: error }, 'an export failed while writing');
        file.stream.destroy(error instanceof Error ? error : new Error(String(error)));
      });
  }

  /**
   * One row per visit and service stop, streamed from one statement on a read-only connection of
   * its own: the file is one consistent snapshot, and the hub's connection stays free for check-ins
   * while it downloads.
   */
  visitExport(range: Range, format: ExportFormat, names: boolean, logger?: ErrorLog): FileOut {
    const file = tableFile(format);
    const columns = visitColumns.filter((c) => names || !c.names);
    const partnerOf = new Map(servicesOf(this.hub).map((s) => [s.id, s.partnerId]));
    const tz = this.hub.timeZone;
    const clock = localTimes(tz);
    this.facts.rollups.ensureFresh();
    const reader = this.db.memory ? this.db : openDatabase(this.db.name, { readonly: true });
    const close = () => {
      if (reader !== this.db && reader.open) reader.close();
    };
    file.stream.once('close', close);
    this.start(
      file,
      async (f) => {
        try {
          const sheet = await f.sheet('Visits', columns.map((c) => c.key), columns.map((c) => (c.key.endsWith('utc') ? 24 : c.key.endsWith('ref') ? 36 : 16)));
          const refs = new Map<string, string>();
          const refOf = (visitorId: string | null) => {
            if (visitorId === null) return '';
            let ref = refs.get(visitorId);
            if (ref === undefined) refs.set(visitorId, (ref = this.visitorRef(visitorId)));
            return ref;
          };
          const firstVisits = new Set(reader.prepare<[Range], string>(firstVisitsSql).pluck(true).all(range));
          for (const r of reader.prepare<[Range], StopRow>(stopRowsSql).raw(true).iterate(range) as IterableIterator<StopRow>) {
            const [visitId, visitorId, displayName, serviceDay, checkedInAt, method, heard, needs, event, stopOrder, serviceId, status, queuedAt, calledAt, finishedAt, waitFrom, finishOutcome, journey] = r;
            // In the order of visitColumns (the name only where the purpose allows it).
            const row: Cell[] = [visitId, refOf(visitorId)];
            if (names) row.push(displayName);
            row.push(
              serviceDay,
              clock(checkedInAt),
              checkedInAt,
              method,
              visitorId === null ? 'not identified' : firstVisits.has(visitId) ? 'yes' : 'no',
              heard ?? '',
              needs ?? '',
              event ?? '',
              stopOrder,
              serviceId ?? '',
              serviceId ? (partnerOf.get(serviceId) ?? '') : '',
              status ?? '',
              queuedAt ?? '',
              calledAt ?? '',
              calledAt && waitFrom ? Math.max(0, Math.floor((Date.parse(calledAt) - Date.parse(waitFrom)) / 60_000)) : null,
              finishedAt ?? '',
              finishOutcome ?? '',
              serviceId ? (journey ?? '') : '',
            );
            const pause = sheet.row(row);
            if (pause) await pause;
          }
          await sheet.end();
          if (f.extension === 'xlsx') {
            const dictionary = await f.sheet('Data dictionary', ['column', 'meaning'], [24, 120]);
            for (const c of columns) await dictionary.row([c.key, c.meaning]);
            await dictionary.row(['', `Range ${range.from} to ${range.to} (service days, ${tz}). Made ${this.now().toISOString()} by Front Door for ${this.hub.id}.`]);
            await dictionary.end();
          }
        } finally {
          close();
        }
      },
      logger,
    );
    return { filename: this.fileName('visits', range, format), contentType: file.contentType, stream: file.stream };
  }

  /** The dashboard's figures, suppressed: CSV in long form, XLSX a sheet per figure and one of definitions. */
  footfallExport(range: Range, format: ExportFormat, logger?: ErrorLog): FileOut {
    const figures = this.figures(range).map((f) => suppressFigure(f, this.rule));
    const file = tableFile(format);
    const rule = this.rule;
    this.start(
      file,
      async (f) => {
        if (f.extension === 'csv') {
          const sheet = await f.sheet('Figures', ['figure_id', 'figure', 'row_key', 'row', 'column_key', 'column', 'value']);
          for (const fig of figures) {
            for (const row of fig.rows) for (const [j, c] of fig.columns.entries()) await sheet.row([fig.id, fig.title, row.key, row.label, c.key, c.label, row.cells[j] ?? null]);
            if (fig.totals) for (const [j, c] of fig.columns.entries()) if (c.kind === 'count' || c.kind === 'share') await sheet.row([fig.id, fig.title, 'total', 'Total', c.key, c.label, fig.totals[j] ?? null]);
          }
          return;
        }
        const about = await f.sheet('About', ['figure', 'meaning', 'computation'], [32, 90, 90]);
        await about.row(['Range', `${range.from} to ${range.to} (service days in ${this.hub.timeZone})`, `Made ${this.now().toISOString()} for ${this.hub.id}`]);
        await about.row(['Suppression', `Counts under ${rule.threshold} are hidden (empty cells), the rest rounded to the nearest ${rule.roundTo}; further cells hidden where a total would reveal a hidden one.`, 'Shares are worked out from the published counts.']);
        for (const fig of figures) await about.row([fig.title, fig.meaning, fig.computation]);
        await about.end();
        for (const fig of figures) {
          const sheet = await f.sheet(figureDefinitions[fig.id].title, ['', ...fig.columns.map((c) => c.label)], [36, ...fig.columns.map(() => 14)]);
          for (const row of fig.rows) await sheet.row([row.label, ...row.cells]);
          if (fig.totals) await sheet.row(['Total', ...fig.totals]);
          await sheet.end();
        }
      },
      logger,
    );
    return { filename: this.fileName('footfall', range, format), contentType: file.contentType, stream: file.stream };
  }

  funderReturnExport(returnId: string, range: Range, logger?: ErrorLog): FileOut {
    const reply = this.funderReturn(returnId, range);
    const file = tableFile('xlsx');
    this.start(
      file,
      async (f) => {
        const sheet = await f.sheet('Return', ['indicator', 'label', 'value', 'definition'], [12, 70, 10, 90]);
        await sheet.row(['', reply.name, null, reply.funder ?? '']);
        await sheet.row(['', `Period ${reply.from} to ${reply.to}`, null, `Hub ${this.hub.id}`]);
        if (reply.toVerify) await sheet.row(['', 'Indicator names are to be verified against the funder’s own list before this return is sent.', null, '']);
        await sheet.row(['', `Values under ${reply.suppression.threshold} are left empty; the rest are rounded to the nearest ${reply.suppression.roundTo}.`, null, '']);
        for (const ind of reply.indicators) await sheet.row([ind.id, ind.label, ind.published, ind.definition]);
        await sheet.end();
        const how = await f.sheet('How each is counted', ['indicator', 'measure', 'filters', 'measure meaning'], [12, 26, 50, 90]);
        for (const ind of reply.indicators) await how.row([ind.id, ind.measure, ind.filters, ind.measureMeaning]);
        await how.end();
      },
      logger,
    );
    return { filename: `${this.hub.id}-${returnId}-${range.from}-to-${range.to}.xlsx`, contentType: file.contentType, stream: file.stream };
  }
}

export function describeFilters(filters: MeasureFilters): string {
  const parts = Object.entries(filters)
    .filter(([, v]) => Array.isArray(v) && v.length > 0)
    .map(([k, v]) => `${k}: ${(v as string[]).join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'none';
}
