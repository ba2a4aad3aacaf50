import { createHmac } from 'node:crypto';
import { servicesOf, type HubConfig } from '../../src-shared/config/schema';
import type { MeasureFilters } from '../../src-shared/config/reporting';
import type { DashboardReply, ExportFormat, FunderReturnReply } from '../../src-shared/reports/contract';
import { buildFigures, figureDefinitions, suppressFigure, type FigureTable } from '../../src-shared/reports/figures';
import { measureDefinitions, targetProgress, targetWindow } from '../../src-shared/reports/measures';
import { publishCount, type SuppressionRule } from '../../src-shared/reports/suppression';
import { localClock, serviceDayOf } from '../../src-shared/time';
import { HubError } from '../errors';
import { query } from '../queue/statements';
import type { HubDatabase } from '../store/database';
import { tableFile, type Cell, type TableFile } from './file-writers';
import { MeasureQueries } from './measure-queries';
import { ReportFactReader } from './report-facts';

type Range = { from: string; to: string };

/** Where a failure half-way through a file is reported (the request's logger). */
export type ErrorLog = { error: (details: Record<string, unknown>, message: string) => void };

export type FileOut = { filename: string; contentType: string; stream: NodeJS.ReadableStream; rows?: number };

type VisitPageRow = {
  id: string;
  visitor_id: string | null;
  display_name: string | null;
  service_day: string;
  checked_in_at: string;
  method: string;
  first: number | null;
};
type TicketRow = {
  visit_id: string;
  id: string;
  service_id: string;
  stop_order: number;
  status: string;
  queued_at: string;
  called_at: string | null;
  finished_at: string | null;
  wait_from: string;
};
type ListRow = { visit_id: string; list: string };
type KeyedListRow = ListRow & { service_id: string };

const pageSize = 500;

/** The visit-level export's columns and what each means: the file's data dictionary. */
export const visitColumns: { key: string; meaning: string; names?: true }[] = [
  { key: 'visit_ref', meaning: 'The visit’s id in this hub (random; links nothing outside it).' },
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
  private readonly stmt;

  constructor(options: ReportServiceOptions) {
    this.db = options.db;
    this.hub = options.hub;
    this.exportKey = options.exportKey;
    this.now = options.now;
    this.facts = new ReportFactReader(options.db, options.hub);
    this.measures = new MeasureQueries(options.db, options.hub, this.facts);
    const db = options.db;
    const ids = `(SELECT value FROM json_each(@ids))`;
    this.stmt = {
      visitPage: query<[{ from: string; to: string; afterAt: string; afterId: string; limit: number }], VisitPageRow>(
        db,
        `SELECT v.id, v.visitor_id, v.display_name, v.service_day, v.checked_in_at, v.method,
                CASE WHEN v.visitor_id IS NULL THEN NULL ELSE NOT EXISTS (SELECT 1 FROM visits p WHERE p.visitor_id = v.visitor_id
                  AND (p.checked_in_at < v.checked_in_at OR (p.checked_in_at = v.checked_in_at AND p.id < v.id))) END AS first
         FROM visits v
         WHERE v.service_day BETWEEN @from AND @to AND (v.checked_in_at > @afterAt OR (v.checked_in_at = @afterAt AND v.id > @afterId))
         ORDER BY v.checked_in_at, v.id LIMIT @limit`,
      ),
      tickets: query<[{ ids: string }], TicketRow>(
        db,
        `SELECT t.visit_id, t.id, t.service_id, t.stop_order, t.status, t.queued_at, t.called_at, t.finished_at,
                coalesce(s.finished_at, t.queued_at) AS wait_from
         FROM tickets t LEFT JOIN tickets s ON s.id = t.transferred_from
         WHERE t.visit_id IN ${ids} ORDER BY t.visit_id, t.stop_order`,
      ),
      howHeard: query<[{ ids: string }], ListRow>(
        db,
        `SELECT visit_id, group_concat(option_id, '; ' ORDER BY option_id) AS list FROM how_heard_answers WHERE visit_id IN ${ids} GROUP BY visit_id`,
      ),
      needs: query<[{ ids: string }], ListRow>(
        db,
        `SELECT visit_id, group_concat(need_id, '; ' ORDER BY need_id) AS list FROM visit_needs WHERE visit_id IN ${ids} GROUP BY visit_id`,
      ),
      events: query<[{ ids: string }], ListRow>(db, `SELECT visit_id, event_id AS list FROM visit_events WHERE visit_id IN ${ids}`),
      outcomes: query<[{ ids: string }], ListRow & { ticket_id: string }>(
        db,
        `SELECT visit_id, ticket_id, group_concat(kind, '; ') AS list FROM outcomes WHERE visit_id IN ${ids} GROUP BY ticket_id`,
      ),
      journey: query<[{ ids: string }], KeyedListRow>(
        db,
        `SELECT visit_id, service_id, group_concat(stage || coalesce(':' || organisation_id, ':' || programme_id, '') || coalesce(':' || outcome_kind, '') || ' ' || occurred_on, '; ' ORDER BY id) AS list
         FROM journey_facts WHERE visit_id IN ${ids} GROUP BY visit_id, service_id`,
      ),
    };
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
    if (!config) throw new HubError('NOT_FOUND', `This hub has no funder return "${returnId}".`, { field: 'returnId' });
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
        logger?.error({ err: error }, 'an export failed while writing');
        file.stream.destroy(error instanceof Error ? error : new Error(String(error)));
      });
  }

  /** One row per visit and service stop, a page of visits at a time (never the whole range in memory). */
  visitExport(range: Range, format: ExportFormat, names: boolean, logger?: ErrorLog): FileOut {
    const file = tableFile(format);
    const columns = visitColumns.filter((c) => names || !c.names);
    const partnerOf = new Map(servicesOf(this.hub).map((s) => [s.id, s.partnerId]));
    const tz = this.hub.timeZone;
    this.start(
      file,
      async (f) => {
        const sheet = await f.sheet('Visits', columns.map((c) => c.key), columns.map((c) => (c.key.endsWith('utc') ? 24 : c.key.endsWith('ref') ? 36 : 16)));
        let after = { at: '', id: '' };
        for (;;) {
          const page = this.stmt.visitPage.all({ ...range, afterAt: after.at, afterId: after.id, limit: pageSize });
          if (page.length === 0) break;
          const ids = JSON.stringify(page.map((v) => v.id));
          const byVisit = <T extends { visit_id: string }>(rows: T[]) => {
            const map = new Map<string, T[]>();
            for (const r of rows) map.set(r.visit_id, [...(map.get(r.visit_id) ?? []), r]);
            return map;
          };
          const tickets = byVisit(this.stmt.tickets.all({ ids }));
          const heard = new Map(this.stmt.howHeard.all({ ids }).map((r) => [r.visit_id, r.list]));
          const needs = new Map(this.stmt.needs.all({ ids }).map((r) => [r.visit_id, r.list]));
          const events = new Map(this.stmt.events.all({ ids }).map((r) => [r.visit_id, r.list]));
          const outcomes = new Map(this.stmt.outcomes.all({ ids }).map((r) => [r.ticket_id, r.list]));
          const journey = new Map(this.stmt.journey.all({ ids }).map((r) => [`${r.visit_id}|${r.service_id}`, r.list]));
          for (const v of page) {
            const visitCells: Record<string, Cell> = {
              visit_ref: v.id,
              visitor_ref: this.visitorRef(v.visitor_id),
              name: v.display_name,
              service_day: v.service_day,
              checked_in_local_time: localClock(new Date(v.checked_in_at), tz).hhmm,
              checked_in_utc: v.checked_in_at,
              method: v.method,
              first_visit: v.first === null ? 'not identified' : v.first ? 'yes' : 'no',
              how_heard: heard.get(v.id) ?? '',
              needs: needs.get(v.id) ?? '',
              event: events.get(v.id) ?? '',
            };
            const stops = tickets.get(v.id) ?? [];
            for (const t of stops.length > 0 ? stops : [null]) {
              const cells: Record<string, Cell> = {
                ...visitCells,
                stop_order: t?.stop_order ?? null,
                service: t?.service_id ?? '',
                partner: t ? (partnerOf.get(t.service_id) ?? '') : '',
                stop_status: t?.status ?? '',
                queued_utc: t?.queued_at ?? '',
                called_utc: t?.called_at ?? '',
                wait_minutes: t?.called_at ? Math.max(0, Math.floor((Date.parse(t.called_at) - Date.parse(t.wait_from)) / 60_000)) : null,
                finished_utc: t?.finished_at ?? '',
                finish_outcome: t ? (outcomes.get(t.id) ?? '') : '',
                journey: t ? (journey.get(`${v.id}|${t.service_id}`) ?? '') : '',
              };
              await sheet.row(columns.map((c) => cells[c.key] ?? null));
            }
          }
          const last = page[page.length - 1]!;
          after = { at: last.checked_in_at, id: last.id };
          if (page.length < pageSize) break;
        }
        await sheet.end();
        if (f.extension === 'xlsx') {
          const dictionary = await f.sheet('Data dictionary', ['column', 'meaning'], [24, 120]);
          for (const c of columns) await dictionary.row([c.key, c.meaning]);
          await dictionary.row(['', `Range ${range.from} to ${range.to} (service days, ${tz}). Made ${this.now().toISOString()} by Front Door for ${this.hub.id}.`]);
          await dictionary.end();
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
