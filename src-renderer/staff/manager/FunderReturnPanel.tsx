import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../../src-shared/api/endpoints';
import type { FunderReturnReply } from '../../../src-shared/reports/contract';
import { addDays, quarterOf } from '../../../src-shared/reports/range';
import { serviceDayOf } from '../../../src-shared/time';
import { call, downloadUrl } from '../../api/client';
import type { HubInfo } from '../hub-info';
import { describeError } from '../text';

/** The last eight quarters, newest first. */
function recentQuarters(today: string): { from: string; to: string; label: string }[] {
  const quarters = [quarterOf(today)];
  while (quarters.length < 8) quarters.push(quarterOf(addDays(quarters[quarters.length - 1]!.from, -1)));
  return quarters;
}

/** A funder return for a quarter, laid out from configuration: each indicator, its value and how it is counted. */
export function FunderReturnPanel({ info }: { info: HubInfo }) {
  const { t } = useTranslation('staff');
  const returns = info.hub.programme.funderReturns;
  const quarters = recentQuarters(serviceDayOf(new Date(), info.hub.timeZone));
  const [returnId, setReturnId] = useState(returns[0]?.id ?? '');
  const [quarter, setQuarter] = useState(0);
  const [reply, setReply] = useState<FunderReturnReply | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const period = quarters[quarter]!;

  useEffect(() => {
    if (!returnId) return;
    let cancelled = false;
    call(endpoints.funderReturn, { query: { returnId, from: period.from, to: period.to } }).then(
      (r) => {
        if (!cancelled) {
          setReply(r);
          setProblem(null);
        }
      },
      (error: unknown) => !cancelled && setProblem(describeError(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [returnId, period.from, period.to]);

  if (returns.length === 0) return <p>{t('returns.none')}</p>;
  return (
    <>
      <div className="staff-form-grid">
        <div className="staff-field">
          <label htmlFor="return-id">{t('returns.return')}</label>
          <select id="return-id" value={returnId} onChange={(e) => setReturnId(e.target.value)}>
            {returns.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div className="staff-field">
          <label htmlFor="return-quarter">{t('returns.quarter')}</label>
          <select id="return-quarter" value={quarter} onChange={(e) => setQuarter(Number(e.target.value))}>
            {quarters.map((q, i) => (
              <option key={q.from} value={i}>
                {t('returns.quarterOption', { label: q.label, from: q.from, to: q.to })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {problem && (
        <p role="alert" className="staff-error">
          {problem}
        </p>
      )}
      {reply && (
        <>
          {reply.toVerify && <p className="staff-warning">{t('returns.toVerify')}</p>}
          <p>
            <a className="staff-button staff-button-primary" href={downloadUrl(endpoints.exportFunderReturn, { query: { returnId, from: period.from, to: period.to, format: 'xlsx' } })} download>
              {t('returns.download')}
            </a>
          </p>
          <div className="staff-table-scroll" tabIndex={0} role="region" aria-label={t('returns.table')}>
            <table className="staff-table">
              <caption>
                {reply.funder
                  ? t('returns.captionFor', { name: reply.name, funder: reply.funder, from: reply.from, to: reply.to })
                  : t('returns.caption', { name: reply.name, from: reply.from, to: reply.to })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('returns.indicator')}</th>
                  <th scope="col">{t('returns.value')}</th>
                  <th scope="col">{t('returns.inFile')}</th>
                  <th scope="col">{t('returns.definition')}</th>
                  <th scope="col">{t('returns.countedAs')}</th>
                </tr>
              </thead>
              <tbody>
                {reply.indicators.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      {i.id}: {i.label}
                    </th>
                    <td>{i.value.toLocaleString('en-GB')}</td>
                    <td>{i.published === null ? t('returns.hidden', { threshold: reply.suppression.threshold }) : i.published.toLocaleString('en-GB')}</td>
                    <td>{i.definition}</td>
                    <td className="staff-hint">
                      {i.measure} ({i.filters}): {i.measureMeaning}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
