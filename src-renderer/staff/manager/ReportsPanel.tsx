import { lazy, Suspense, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../../src-shared/api/endpoints';
import type { DashboardReply } from '../../../src-shared/reports/contract';
import type { FigureTable } from '../../../src-shared/reports/figures';
import { isRealDate, latestTo, maxRangeYears, presetRange, rangePresets, type RangePreset } from '../../../src-shared/reports/range';
import { serviceDayOf } from '../../../src-shared/time';
import { call, downloadUrl } from '../../api/client';
import type { HubInfo } from '../hub-info';
import { staffT } from '../staff-language';
import { describeError } from '../text';
import { figureInLanguage } from './figure-text';

// ECharts is loaded only when the dashboard is opened: the kiosk and the consoles never fetch it.
const FigureChart = lazy(() => import('./FigureChart'));


/** A range entered by hand, checked like the hub checks it, the problem in words. */
export function customRangeProblem(from: string, to: string): string | null {
  if (!isRealDate(from)) return staffT('reports.firstDayDate');
  if (!isRealDate(to)) return staffT('reports.lastDayDate');
  if (from > to) return staffT('reports.firstAfterLast');
  if (to > latestTo(from)) return staffT('reports.tooLong', { years: maxRangeYears, latest: latestTo(from) });
  return null;
}

function formatCell(value: number | null, kind: string): string {
  if (value === null) return '–';
  if (kind === 'share') return `${value.toLocaleString('en-GB')}%`;
  return value.toLocaleString('en-GB');
}

export function FigureTableView({ figure }: { figure: FigureTable }) {
  const { t } = useTranslation('staff');
  return (
    <div className="staff-table-scroll" tabIndex={0} role="region" aria-label={t('reports.tableOf', { title: figure.title })}>
      <table className="staff-table" data-figure-table={figure.id}>
        <caption>{figure.title}</caption>
        <thead>
          <tr>
            <th scope="col">{figure.id === 'footfall-by-day' ? t('reports.day') : figure.id === 'footfall-by-hour' ? t('reports.weekday') : t('reports.item')}</th>
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
              <td colSpan={figure.columns.length + 1}>{t('reports.nothing')}</td>
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
              <th scope="row">{t('reports.total')}</th>
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
  const { t } = useTranslation('staff');
  const summaryId = `summary-${figure.id}`;
  return (
    <section className="staff-figure" aria-labelledby={`figure-${figure.id}`} data-figure={figure.id}>
      <h3 id={`figure-${figure.id}`}>{figure.title}</h3>
      <p className="staff-hint">{figure.meaning}</p>
      <p id={summaryId} className="staff-figure-summary">
        {figure.summary}
      </p>
      {figure.chart !== 'table' && figure.rows.length > 0 && (
        <Suspense fallback={<p className="staff-hint">{t('reports.drawing')}</p>}>
          <FigureChart figure={figure} />
        </Suspense>
      )}
      <FigureTableView figure={figure} />
      <details>
        <summary>{t('reports.howCounted')}</summary>
        <p>{figure.computation}</p>
      </details>
    </section>
  );
}

/** The programme evidence dashboard: a range, the targets, every figure as a chart, a sentence and a table, and the exports. */
export function ReportsPanel({ info }: { info: HubInfo }) {
  const { t, i18n } = useTranslation('staff');
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
        setProblem(describeError(error, staffT('reports.notLoaded')));
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
  // The figures in the staff screens' language (they come from the hub in English).
  const language = i18n.language;
  const figures = useMemo(() => (reply ? reply.figures.map((f) => figureInLanguage(t, f, reply, language)) : []), [reply, t, language]);
  const link = (kind: 'visits' | 'footfall', format: 'csv' | 'xlsx') =>
    kind === 'visits'
      ? downloadUrl(endpoints.exportVisits, { query: { ...range, format, purpose } })
      : downloadUrl(endpoints.exportFootfall, { query: { ...range, format } });

  return (
    <div className="staff-reports">
      <form className="staff-range" onSubmit={applyCustom} noValidate aria-describedby="range-now">
        <fieldset className="staff-segmented">
          <legend>{t('reports.range')}</legend>
          {rangePresets.map((p) => (
            <label key={p}>
              <input type="radio" name="range" value={p} checked={preset === p} onChange={() => choose(p)} />
              {t(`reports.preset.${p}`)}
            </label>
          ))}
        </fieldset>
        {preset === 'custom' && (
          <div className="staff-form-grid">
            <div className="staff-field">
              <label htmlFor="range-from">{t('reports.firstDay')}</label>
              <input id="range-from" type="date" value={custom.from} onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))} />
            </div>
            <div className="staff-field">
              <label htmlFor="range-to">{t('reports.lastDay')}</label>
              <input id="range-to" type="date" value={custom.to} onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))} />
            </div>
            <div className="staff-field staff-field-end">
              <button type="submit" className="staff-button staff-button-primary">
                {t('reports.show')}
              </button>
            </div>
          </div>
        )}
        <p id="range-now" role="status" className="staff-hint">
          {loading ? t('reports.loading') : t('reports.showing', { from: range.from, to: range.to, timeZone })}
        </p>
        {problem && (
          <p role="alert" className="staff-error">
            {problem}
          </p>
        )}
      </form>

      <section className="staff-exports" aria-labelledby="exports-title">
        <h3 id="exports-title">{t('reports.exports')}</h3>
        <p className="staff-hint">{t('reports.exportsHint')}</p>
        <div className="staff-field staff-field-inline">
          <label htmlFor="export-purpose">{t('reports.purpose')}</label>
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
              {t('reports.visitsCsv')}
            </a>
          </li>
          <li>
            <a className="staff-button" href={link('visits', 'xlsx')} download>
              {t('reports.visitsXlsx')}
            </a>
          </li>
          <li>
            <a className="staff-button" href={link('footfall', 'csv')} download>
              {t('reports.figuresCsv')}
            </a>
          </li>
          <li>
            <a className="staff-button" href={link('footfall', 'xlsx')} download>
              {t('reports.figuresXlsx')}
            </a>
          </li>
        </ul>
      </section>

      {reply && reply.targets.length > 0 && (
        <section className="staff-targets" aria-labelledby="targets-title">
          <h3 id="targets-title">{t('reports.targets')}</h3>
          <table className="staff-table">
            <caption>{t('reports.progressCaption', { today: reply.today })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.target')}</th>
                <th scope="col">{t('reports.soFar')}</th>
                <th scope="col">{t('reports.progress')}</th>
                <th scope="col">{t('reports.steadyPace')}</th>
                <th scope="col">{t('reports.neededWeekly')}</th>
                <th scope="col">{t('reports.howCounted')}</th>
              </tr>
            </thead>
            <tbody>
              {reply.targets.map((target) => (
                <tr key={target.id} data-target={target.id}>
                  <th scope="row">
                    {target.label}
                    <span className="staff-hint">{t('reports.targetSpan', { from: target.from, to: target.to })}</span>
                  </th>
                  <td>{t('reports.valueOf', { value: target.value.toLocaleString('en-GB'), target: target.target.toLocaleString('en-GB') })}</td>
                  <td>
                    <progress max={target.target} value={Math.min(target.value, target.target)} aria-label={`${target.label}: ${target.percent}%`} />
                    {t('reports.percentStatus', { percent: target.percent, status: t(`reports.status.${target.status}`) })}
                  </td>
                  <td>{target.expectedByNow.toLocaleString('en-GB')}</td>
                  <td>{target.neededPerWeek.toLocaleString('en-GB')}</td>
                  <td className="staff-hint">{target.definition}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {reply && (
        <div className="staff-figures" aria-busy={loading}>
          {figures.map((f) => (
            <FigureCard key={f.id} figure={f} />
          ))}
        </div>
      )}
    </div>
  );
}
