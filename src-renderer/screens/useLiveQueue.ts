import { useEffect, useState } from 'react';
import { routes, type AlertView, type QueueSnapshot, type TicketView } from '../../src-shared/api/contract';
import { api } from '../api/client';
import { connectLive, type LiveState } from '../api/live';

export type LiveQueue = {
  state: LiveState;
  tickets: Map<string, TicketView>;
  lastCalled: TicketView[];
  alerts: AlertView[];
};

const activeStatuses = new Set(['waiting', 'called', 'serving']);

/** The live queue: a snapshot, then every event after it, caught up again after a reconnect. */
export function useLiveQueue(recentCalls = 5): LiveQueue {
  const [state, setState] = useState<LiveState>('connecting');
  const [tickets, setTickets] = useState<Map<string, TicketView>>(new Map());
  const [lastCalled, setLastCalled] = useState<TicketView[]>([]);
  const [alerts, setAlerts] = useState<AlertView[]>([]);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    api.get<QueueSnapshot>(routes.queue).then(
      (snapshot) => {
        if (cancelled) return;
        const map = new Map<string, TicketView>();
        for (const service of snapshot.services) for (const t of service.tickets) map.set(t.id, t);
        setTickets(map);
        stop = connectLive({
          since: snapshot.lastSeq,
          onState: setState,
          onMessage: (message) => {
            if (message.kind === 'queue') {
              const { ticket, type } = message.event;
              setTickets((prev) => {
                const next = new Map(prev);
                if (activeStatuses.has(ticket.status)) next.set(ticket.id, ticket);
                else next.delete(ticket.id);
                // A visitor called by one service shows as "with another partner" in the others.
                for (const [id, other] of next) {
                  if (other.visitId === ticket.visitId && id !== ticket.id) {
                    const busy = ticket.status === 'called' || ticket.status === 'serving' ? ticket.serviceId : null;
                    if (other.withAnotherService !== busy) next.set(id, { ...other, withAnotherService: busy });
                  }
                }
                return next;
              });
              if (type === 'called' || type === 'recalled') {
                setLastCalled((prev) => [ticket, ...prev.filter((t) => t.id !== ticket.id)].slice(0, recentCalls));
              }
            } else if (message.kind === 'alert') {
              setAlerts((prev) => [message.alert, ...prev].slice(0, 50));
            }
          },
        });
      },
      () => setState('reconnecting'),
    );
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [recentCalls]);

  return { state, tickets, lastCalled, alerts };
}
