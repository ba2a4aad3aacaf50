import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketView, VisitSearchResult } from '../../src-shared/api/contract';
import { Dialog } from './Dialog';
import type { HubInfo } from './hub-info';
import { searchVisits } from './ticket-actions';
import { describeError, formatClock, statusLabel } from './text';

const open = new Set(['waiting', 'called', 'serving']);

/** Today's visits by ticket number or name; an open ticket in the results can be picked for its actions. */
export function SearchDialog({
  info,
  onPick,
  onUndoNoShow,
  onClose,
}: {
  info: HubInfo;
  onPick: (ticket: TicketView) => void;
  /** Puts a no-show back in the queue (reception, within the hub's undo window). */
  onUndoNoShow: (ticket: TicketView) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t: text } = useTranslation('staff');
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<VisitSearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const search = async () => {
    setError(null);
    try {
      setResult(await searchVisits(query));
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim()) void search();
  };

  return (
    <Dialog title={text('search.title')} onClose={onClose} className="staff-dialog-wide">
      <form role="search" onSubmit={submit} className="staff-search-form">
        <label htmlFor="search-query">{text('search.query')}</label>
        <input id="search-query" type="search" autoComplete="off" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
        <button type="submit" className="staff-button staff-button-primary">
          {text('search.submit')}
        </button>
      </form>
      {error && (
        <p role="alert" className="staff-error">
          {error}
        </p>
      )}
      {result && (
        <div role="status" className="staff-search-results">
          <p>
            {result.visits.length === 0 ? text('search.none') : text('search.found', { count: result.visits.length })}
          </p>
          <ul>
            {result.visits.map((visit) => (
              <li key={visit.visitId}>
                <p className="staff-search-visit">
                  <strong>{visit.displayName ?? text('common.noName')}</strong>
                  {text(visit.method === 'staff' ? 'search.checkedInAtReception' : 'search.checkedIn', { time: formatClock(visit.checkedInAt, info.hub.timeZone) })}
                  {visit.status === 'closed' && text('search.finished')}
                  {visit.consent && text(visit.consent.optionalQuestions ? 'search.notice' : 'search.noticeDeclined', { version: visit.consent.noticeVersion })}
                </p>
                <ul className="staff-inline-list">
                  {visit.tickets.map((t) => (
                    <li key={t.id}>
                      {open.has(t.status) ? (
                        <button
                          type="button"
                          className="staff-button staff-button-small"
                          onClick={() => {
                            onPick(t);
                            onClose();
                          }}
                        >
                          {t.number} · {info.serviceName(t.serviceId)} · {statusLabel[t.status]}
                        </button>
                      ) : (
                        <>
                          <span className="staff-search-closed">
                            {t.number} · {info.serviceName(t.serviceId)} · {statusLabel[t.status]}
                          </span>
                          {t.status === 'no-show' && (
                            <button
                              type="button"
                              className="staff-button staff-button-small"
                              onClick={() => void onUndoNoShow(t).then((done) => (done ? search() : undefined))}
                            >
                              {text('search.undoNoShow', { number: t.number })}
                            </button>
                          )}
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="staff-dialog-actions">
        <button type="button" className="staff-button" onClick={onClose}>
          {text('search.close')}
        </button>
      </div>
    </Dialog>
  );
}
