import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { endpoints } from '../../../src-shared/api/endpoints';
import type { DashboardReply } from '../../../src-shared/reports/contract';
import type { FigureTable } from '../../../src-shared/reports/figures';
import { isRealDate, latestTo, maxRangeYears, presetRange, rangePresets, type RangePreset } from '../../../src-shared/reports/range';
import { serviceDayOf } from '../../../src-shared/time';
import { call, downloadUrl } from '../../api/client';
import type { HubInfo } from '../hub-info';
import { describeError } from '../text';

// ECharts is loaded only when the dashboard is opened: the kiosk and the consoles never fetch it.
const FigureChart = lazy(() => import('./FigureChart'));

const presetLabels: Record<RangePreset, string> = { today: 'Today', week: 'This week', month: 'This month', quarter: 'This quarter', custom: 'Custom' };
const statusWords = { 'not-started': 'not started yet', ahead: 'ahead of pace', 'on-track': 'on track', behind: 'behind pace', reached: 'reached', ended: 'ended' } as const;

/** A range entered by hand, checked like the hub checks it, the problem in words. */
export function customRangeProblem(from: string, to: string): string | null {
  if (!isRealDate(from)) return 'Enter the first day as a date.';
  if (!isRealDate(to)) return 'Enter the last day as a date.';
  if (from > to) return 'The first day must not be after the last day.';
  if (to > latestTo(from)) return `A range may cover at most ${maxRangeYears} years: the last day can be ${latestTo(from)} at the latest.`;
  return null;
}

function formatCell(value: number | null, kind: string): string {
  if (value === null) return '–';
  if (kind === 'share') return `${value.toLocaleString('en-GB')}%`;
  return value.toLocaleString('en-GB');
}

export function FigureTableView({ figure }: { figure: FigureTable }) {
  return (
    <div className="staff-table-scroll" tabIndex={0} role="region" aria-label={`${figure.title}: table`}>
      <table className="staff-table" data-figure-table={figure.id}>
        <caption>{figure.title}</caption>
        <thead>
          <tr>
            <th scope="col">{figure.id === 'footfall-by-day' ? 'Day' : figure.id === 'footfall-by-hour' ? 'Weekday' : 'Item'}</th>
            {figure.columns.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {figure.rows.length === 0 && (
            <tr>
              <td colSpan={figure.columns.length + 1}>Nothing in this range.</td>
            </tr>
          )}
          {figure.rows.map((r) => (
            <tr key={r.key} data-row={r.key}>
              <th scope="row">{r.label}</th>
              {r.cells.map((v, j) => (
                <td key={figure.columns[j]!.key} data-column={figure.columns[j]!.key}>
                  {formatCell(v, figure.columns[j]!.kind)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {figure.totals && (
          <tfoot>
            <tr data-row="total">
              <th scope="row">Total</th>
              {figure.totals.map((v, j) => (
                <td key={figure.columns[j]!.key} data-column={figure.columns[j]!.key}>
                  {v === null ? '' : formatCell(v, figure.columns[j]!.kind)}
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

function FigureCard({ figure }: { figure: FigureTable }) {
  const summaryId = `summary-${figure.id}`;
  return (
    <section className="staff-figure" aria-labelledby={`figure-${figure.id}`} data-figure={figure.id}>
      <h3 id={`figure-${figure.id}`}>{figure.title}</h3>
      <p className="staff-hint">{figure.meaning}</p>
      <p id={summaryId} className="staff-figure-summary">
        {figure.summary}
      </p>
      {figure.chart !== 'table' && figure.rows.length > 0 && (
        <Suspense fallback={<p className="staff-hint">Drawing the chart…</p>}>
          <FigureChart figure={figure} />
        </Suspense>
      )}
      <FigureTableView figure={figure} />
      <details>
        <summary>How it is counted</summary>
        <p>{figure.computation}</p>
      </details>
    </section>
  );
}

/** The programme evidence dashboard: a range, the targets, every figure as a chart, a sentence and a table, and the exports. */
export function ReportsPanel({ info }: { info: HubInfo }) {
  const timeZone = info.hub.timeZone;
  const today = serviceDayOf(new Date(), timeZone);
  const [preset, setPreset] = useState<RangePreset>('month');
  const [custom, setCustom] = useState({ from: presetRange('month', today).from, to: today });
  const [range, setRange] = useState(presetRange('month', today));
  const [problem, setProblem] = useState<string | null>(null);
  const [reply, setReply] = useState<DashboardReply | null>(null);
  // The range the last answer (figures or an error) was for: while it differs, figures are loading.
  const [settled, setSettled] = useState<string | null>(null);
  const loading = settled !== `${range.from}/${range.to}`;
  const purposes = info.hub.programme.exportPurposes;
  const [purpose, setPurpose] = useState(purposes[0]?.id ?? 'monitoring');

  useEffect(() => {
    let cancelled = false;
    const key = `${range.from}/${range.to}`;
    call(endpoints.reportDashboard, { query: range }).then(
      (r) => {
        if (cancelled) return;
        setReply(r);
        setProblem(null);
        setSettled(key);
      },
      (error: unknown) => {
        if (cancelled) return;
        setProblem(describeError(error, 'The figures could not be loaded. Please try again.'));
        setSettled(key);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [range]);

  const choose = (next: RangePreset) => {
    setPreset(next);
    if (next !== 'custom') {
      setProblem(null);
      setRange(presetRange(next, today));
    }
  };
  const applyCustom = (event: FormEvent) => {
    event.preventDefault();
    const wrong = customRangeProblem(custom.from, custom.to);
    if (wrong) return setProblem(wrong);
    setProblem(null);
    setRange({ ...custom });
  };
  const link = (kind: 'visits' | 'footfall', format: 'csv' | 'xlsx') =>
    kind === 'visits'
      ? downloadUrl(endpoints.exportVisits, { query: { ...range, format, purpose } })
      : downloadUrl(endpoints.exportFootfall, { query: { ...range, format } });

  return (
    <div className="staff-reports">
      <form className="staff-range" onSubmit={applyCustom} noValidate aria-describedby="range-now">
        <fieldset className="staff-segmented">
          <legend>Range</legend>
          {rangePresets.map((p) => (
            <label key={p}>
              <input type="radio" name="range" value={p} checked={preset === p} onChange={() => choose(p)} />
              {presetLabels[p]}
            </label>
          ))}
        </fieldset>
        {preset === 'custom' && (
          <div className="staff-form-grid">
            <div className="staff-field">
              <label htmlFor="range-from">First day</label>
              <input id="range-from" type="date" value={custom.from} onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))} />
            </div>
            <div className="staff-field">
              <label htmlFor="range-to">Last day</label>
              <input id="range-to" type="date" value={custom.to} onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))} />
            </div>
            <div className="staff-field staff-field-end">
              <button type="submit" className="staff-button staff-button-primary">
                Show
              </button>
            </div>
          </div>
        )}
        <p id="range-now" role="status" className="staff-hint">
          {loading ? 'Loading figures…' : `Showing ${range.from} to ${range.to} (days in ${timeZone}).`}
        </p>
        {problem && (
          <p role="alert" className="staff-error">
            {problem}
          </p>
        )}
      </form>

      <section className="staff-exports" aria-labelledby="exports-title">
        <h3 id="exports-title">Exports for this range</h3>
        <p className="staff-hint">Every download is recorded in the audit log. The figures file has small numbers suppressed; the visit file is pseudonymous.</p>
        <div className="staff-field staff-field-inline">
          <label htmlFor="export-purpose">Purpose of the visit export</label>
          <select id="export-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
            {purposes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <ul className="staff-inline-list">
          <li>
            <a className="staff-button" href={link('visits', 'csv')} download>
              Visits (CSV)
            </a>
          </li>
          <li>
            <a className="staff-button" href={link('visits', 'xlsx')} download>
              Visits (Excel)
            </a>
          </li>
          <li>
            <a className="staff-button" href={link('footfall', 'csv')} download>
              Figures, suppressed (CSV)
            </a>
          </li>
          <li>
            <a className="staff-button" href={link('footfall', 'xlsx')} download>
              Figures, suppressed (Excel)
            </a>
          </li>
        </ul>
      </section>

      {reply && reply.targets.length > 0 && (
        <section className="staff-targets" aria-labelledby="targets-title">
          <h3 id="targets-title">Programme targets</h3>
          <table className="staff-table">
            <caption>Progress to date (as of {reply.today})</caption>
            <thead>
              <tr>
                <th scope="col">Target</th>
                <th scope="col">So far</th>
                <th scope="col">Progress</th>
                <th scope="col">A steady pace would be at</th>
                <th scope="col">Needed each week</th>
                <th scope="col">How it is counted</th>
              </tr>
            </thead>
            <tbody>
              {reply.targets.map((t) => (
                <tr key={t.id} data-target={t.id}>
                  <th scope="row">
                    {t.label}
                    <span className="staff-hint"> ({t.from} to {t.to})</span>
                  </th>
                  <td>
                    {t.value.toLocaleString('en-GB')} of {t.target.toLocaleString('en-GB')}
                  </td>
                  <td>
                    <progress max={t.target} value={Math.min(t.value, t.target)} aria-label={`${t.label}: ${t.percent}%`} /> {t.percent}%, {statusWords[t.status]}
                  </td>
                  <td>{t.expectedByNow.toLocaleString('en-GB')}</td>
                  <td>{t.neededPerWeek.toLocaleString('en-GB')}</td>
                  <td className="staff-hint">{t.definition}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {reply && (
        <div className="staff-figures" aria-busy={loading}>
          {reply.figures.map((f) => (
            <FigureCard key={f.id} figure={f} />
          ))}
        </div>
      )}
    </div>
  );
}
