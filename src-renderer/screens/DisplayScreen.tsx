import type { HubView } from '../../src-shared/api/contract';
import { localize } from '../../src-shared/config/schema';
import { useLiveQueue } from './useLiveQueue';

/** The "now calling" board: ticket numbers and desks only. */
export function DisplayScreen({ hub }: { hub: HubView }) {
  const live = useLiveQueue(hub.display.recentCalls);
  const [current, ...previous] = live.lastCalled;
  return (
    <main className="display">
      <h1>{localize(hub.name, 'en')}</h1>
      <section aria-live="assertive" className="now-calling">
        <h2>Now calling</h2>
        {current ? (
          <p className="current">
            <span className="number">{current.number}</span> <span className="desk">{current.desk}</span>
          </p>
        ) : (
          <p>Please wait to be called.</p>
        )}
      </section>
      <ol className="previous" aria-label="Recent calls">
        {previous.map((t) => (
          <li key={t.id}>
            {t.number} — {t.desk}
          </li>
        ))}
      </ol>
      {live.state !== 'open' && <p role="status">Reconnecting…</p>}
    </main>
  );
}
