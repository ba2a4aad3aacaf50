import { useState } from 'react';
import { routes, type HubView, type TicketView } from '../../src-shared/api/contract';
import { localize } from '../../src-shared/config/schema';
import { api, ApiRequestError } from '../api/client';
import { serviceName } from './ServiceName';
import { useLiveQueue } from './useLiveQueue';

/** Reception: the whole queue, live, with call-next per service. */
export function ReceptionScreen({ hub }: { hub: HubView }) {
  const live = useLiveQueue();
  const [message, setMessage] = useState<string | null>(null);
  const byService = new Map<string, TicketView[]>();
  for (const t of live.tickets.values()) byService.set(t.serviceId, [...(byService.get(t.serviceId) ?? []), t]);

  const callNext = async (serviceId: string, desk: string) => {
    try {
      const { ticket } = await api.post<{ ticket: TicketView }>(routes.callNext(serviceId), { desk });
      setMessage(`Called ${ticket.number} to ${desk}.`);
    } catch (error) {
      setMessage(error instanceof ApiRequestError ? error.message : 'The call could not be made.');
    }
  };

  return (
    <main className="staff reception">
      <header>
        <h1>Reception — {localize(hub.name, 'en')}</h1>
        <p role="status" className={`live live-${live.state}`}>
          {live.state === 'open' ? 'Live' : live.state === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </p>
      </header>
      {live.alerts.length > 0 && (
        <section aria-label="Alerts" className="alerts">
          <ul>
            {live.alerts.map((a) => (
              <li key={a.id} role="alert">
                {a.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {message && <p role="status">{message}</p>}
      <div className="services">
        {hub.services.map((s) => {
          const tickets = (byService.get(s.id) ?? []).sort((a, b) => b.priority - a.priority || a.queuedAt.localeCompare(b.queuedAt));
          return (
            <section key={s.id} aria-labelledby={`svc-${s.id}`} className="service">
              <h2 id={`svc-${s.id}`}>{serviceName(hub, s.id)}</h2>
              <div className="desk-buttons">
                {s.desks.map((desk) => (
                  <button key={desk} type="button" onClick={() => void callNext(s.id, desk)}>
                    Call next to {desk}
                  </button>
                ))}
              </div>
              <ol className="tickets">
                {tickets.map((t) => (
                  <li key={t.id} data-status={t.status}>
                    <strong>{t.number}</strong> {t.displayName ?? ''} — {t.withAnotherService ? `with ${serviceName(hub, t.withAnotherService)}` : t.status}
                    {t.desk && t.status !== 'waiting' ? ` at ${t.desk}` : ''}
                    {t.flags.length > 0 && <span className="flags"> ({t.flags.join(', ')})</span>}
                  </li>
                ))}
              </ol>
            </section>
          );
        })}
      </div>
    </main>
  );
}
