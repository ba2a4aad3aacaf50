import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../../src-shared/api/endpoints';
import { hubEventKinds, type HubEventView } from '../../../src-shared/reports/contract';
import { call } from '../../api/client';
import type { HubInfo } from '../hub-info';
import { staffT } from '../staff-language';
import { describeError } from '../text';

type Kind = (typeof hubEventKinds)[number];
const kindLabel = (kind: Kind) => staffT(`events.kind.${kind}`);

type Draft = { name: string; kind: Kind; start: string; end: string; partnerId: string; capacity: string };
const emptyDraft: Draft = { name: '', kind: 'workshop', start: '', end: '', partnerId: '', capacity: '' };

/** A datetime-local value (the browser's local time) as an ISO instant. */
function toIso(local: string): string | null {
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}
function toLocalInput(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
function formatWhen(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The hub's programme of events: add, change, cancel or remove, with how many came for each. */
export function EventsPanel({ info }: { info: HubInfo }) {
  const { t } = useTranslation('staff');
  const [events, setEvents] = useState<HubEventView[]>([]);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const partners = [...info.hub.services.reduce((m, s) => m.set(s.partnerId, s.partnerName.en), new Map<string, string>())];

  useEffect(() => {
    let cancelled = false;
    call(endpoints.hubEvents, { query: {} }).then(
      (r) => !cancelled && setEvents(r.events),
      (error: unknown) => !cancelled && setProblem(describeError(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [version]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const startsAt = toIso(draft.start);
    const endsAt = toIso(draft.end);
    if (!draft.name.trim()) return setProblem(t('events.needName'));
    if (!startsAt) return setProblem(t('events.needStart'));
    if (!endsAt) return setProblem(t('events.needEnd'));
    if (endsAt <= startsAt) return setProblem(t('events.endAfterStart'));
    const capacity = draft.capacity.trim() ? Number(draft.capacity) : null;
    if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1)) return setProblem(t('events.capacityRule'));
    const body = { name: draft.name.trim(), kind: draft.kind, startsAt, endsAt, partnerId: draft.partnerId || null, capacity };
    try {
      if (editing) await call(endpoints.updateHubEvent, { params: { eventId: editing }, body: { ...body, cancelled: false } });
      else await call(endpoints.createHubEvent, { body });
      setDraft(emptyDraft);
      setEditing(null);
      setProblem(null);
      setVersion((v) => v + 1);
    } catch (error) {
      setProblem(describeError(error));
    }
  };
  const cancelEvent = async (e: HubEventView) => {
    try {
      await call(endpoints.updateHubEvent, { params: { eventId: e.id }, body: { name: e.name, kind: e.kind, startsAt: e.startsAt, endsAt: e.endsAt, partnerId: e.partnerId, capacity: e.capacity, cancelled: !e.cancelled } });
      setVersion((v) => v + 1);
    } catch (error) {
      setProblem(describeError(error));
    }
  };
  const remove = async (e: HubEventView) => {
    try {
      await call(endpoints.deleteHubEvent, { params: { eventId: e.id }, body: {} });
      setVersion((v) => v + 1);
    } catch (error) {
      setProblem(describeError(error));
    }
  };

  return (
    <>
      <form onSubmit={(e) => void save(e)} noValidate aria-labelledby="event-form-title">
        <h3 id="event-form-title">{editing ? t('events.change') : t('events.add')}</h3>
        <div className="staff-form-grid">
          <div className="staff-field">
            <label htmlFor="event-name">{t('events.name')}</label>
            <input id="event-name" value={draft.name} maxLength={120} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </div>
          <div className="staff-field">
            <label htmlFor="event-kind">{t('events.kindLabel')}</label>
            <select id="event-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Kind })}>
              {hubEventKinds.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-field">
            <label htmlFor="event-start">{t('events.starts')}</label>
            <input id="event-start" type="datetime-local" value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })} />
          </div>
          <div className="staff-field">
            <label htmlFor="event-end">{t('events.ends')}</label>
            <input id="event-end" type="datetime-local" value={draft.end} onChange={(e) => setDraft({ ...draft, end: e.target.value })} />
          </div>
          <div className="staff-field">
            <label htmlFor="event-partner">{t('events.runBy')}</label>
            <select id="event-partner" value={draft.partnerId} onChange={(e) => setDraft({ ...draft, partnerId: e.target.value })}>
              <option value="">{t('events.theHub')}</option>
              {partners.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-field">
            <label htmlFor="event-capacity">{t('events.capacity')}</label>
            <input id="event-capacity" inputMode="numeric" value={draft.capacity} onChange={(e) => setDraft({ ...draft, capacity: e.target.value })} />
          </div>
        </div>
        {problem && (
          <p role="alert" className="staff-error">
            {problem}
          </p>
        )}
        <div className="staff-toolbar">
          <button type="submit" className="staff-button staff-button-primary">
            {editing ? t('events.saveChanges') : t('events.addEvent')}
          </button>
          {editing && (
            <button
              type="button"
              className="staff-button"
              onClick={() => {
                setEditing(null);
                setDraft(emptyDraft);
              }}
            >
              {t('events.stopChanging')}
            </button>
          )}
        </div>
      </form>
      <table className="staff-table">
        <caption>{t('events.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('events.colEvent')}</th>
            <th scope="col">{t('events.colWhen')}</th>
            <th scope="col">{t('events.colCheckIns')}</th>
            <th scope="col">{t('events.colCapacity')}</th>
            <th scope="col">{t('events.colActions')}</th>
          </tr>
        </thead>
        <tbody>
          {events.length === 0 && (
            <tr>
              <td colSpan={5}>{t('events.none')}</td>
            </tr>
          )}
          {events.map((e) => (
            <tr key={e.id} data-event={e.name}>
              <th scope="row">
                {e.name} <span className="staff-hint">{e.cancelled ? t('events.kindCancelled', { kind: kindLabel(e.kind) }) : t('events.kindOnly', { kind: kindLabel(e.kind) })}</span>
              </th>
              <td>
                {t('events.span', { from: formatWhen(e.startsAt, info.hub.timeZone), to: formatWhen(e.endsAt, info.hub.timeZone) })}
              </td>
              <td>{e.attendances}</td>
              <td>{e.capacity ?? '—'}</td>
              <td>
                <button
                  type="button"
                  className="staff-button staff-button-small"
                  onClick={() => {
                    setEditing(e.id);
                    setDraft({ name: e.name, kind: e.kind, start: toLocalInput(e.startsAt), end: toLocalInput(e.endsAt), partnerId: e.partnerId ?? '', capacity: e.capacity ? String(e.capacity) : '' });
                  }}
                >
                  {t('events.changeButton')}
                  <span className="staff-visually-hidden"> {e.name}</span>
                </button>{' '}
                <button type="button" className="staff-button staff-button-small" onClick={() => void cancelEvent(e)}>
                  {e.cancelled ? t('events.reinstate') : t('events.cancel')}
                  <span className="staff-visually-hidden"> {e.name}</span>
                </button>{' '}
                {e.attendances === 0 && (
                  <button type="button" className="staff-button staff-button-small staff-button-danger-quiet" onClick={() => void remove(e)}>
                    {t('events.delete')}
                    <span className="staff-visually-hidden"> {e.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
