import { useState } from 'react';
import type { HubView } from '../../src-shared/api/contract';
import { serviceName } from './ServiceName';
import { useLiveQueue } from './useLiveQueue';

/** A partner's view: who is waiting for one chosen service. */
export function PartnerScreen({ hub }: { hub: HubView }) {
  const live = useLiveQueue();
  const [serviceId, setServiceId] = useState(hub.services[0]?.id ?? '');
  const tickets = [...live.tickets.values()].filter((t) => t.serviceId === serviceId);
  return (
    <main className="staff partner">
      <h1>Partner view</h1>
      <label>
        Service{' '}
        <select value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
          {hub.services.map((s) => (
            <option key={s.id} value={s.id}>
              {serviceName(hub, s.id)}
            </option>
          ))}
        </select>
      </label>
      <p role="status">{tickets.filter((t) => t.status === 'waiting').length} waiting</p>
      <ol>
        {tickets.map((t) => (
          <li key={t.id}>
            <strong>{t.number}</strong> {t.withAnotherService ? 'with another partner' : t.status}
          </li>
        ))}
      </ol>
    </main>
  );
}
