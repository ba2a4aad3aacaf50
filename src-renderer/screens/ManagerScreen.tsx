import type { HubView } from '../../src-shared/api/contract';
import { localize } from '../../src-shared/config/schema';
import { serviceName } from './ServiceName';
import { useLiveQueue } from './useLiveQueue';

/** The hub manager's overview: today's live queue by service. */
export function ManagerScreen({ hub }: { hub: HubView }) {
  const live = useLiveQueue();
  const counts = new Map<string, number>();
  for (const t of live.tickets.values()) counts.set(t.serviceId, (counts.get(t.serviceId) ?? 0) + 1);
  return (
    <main className="staff manager">
      <h1>Manager — {localize(hub.name, 'en')}</h1>
      <p>Configuration version {hub.configVersion}</p>
      <table>
        <caption>In the queue now</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Tickets</th>
          </tr>
        </thead>
        <tbody>
          {hub.services.map((s) => (
            <tr key={s.id}>
              <td>{serviceName(hub, s.id)}</td>
              <td>{counts.get(s.id) ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
