import type { TicketView } from '../../src-shared/api/contract';
import type { HubInfo } from './hub-info';
import { TicketBadges, ticketStateText } from './TicketCard';
import { formatCountdown, formatClock, statusLabel } from './text';

export type TicketActionId = 'call-chosen' | 'recall' | 'no-show' | 'start' | 'finish' | 'transfer' | 'add-stop' | 'move-up' | 'cancel' | 'reprint';

type ActionSpec = { id: TicketActionId; label: string; key: string | null; when: (t: TicketView) => boolean; receptionOnly?: boolean; danger?: boolean };

export const ticketActionSpecs: readonly ActionSpec[] = [
  // Out of turn: only someone waiting who is not with another service right now.
  { id: 'call-chosen', label: 'Call this visitor…', key: 'K', when: (t) => t.status === 'waiting' && !t.withAnotherService },
  { id: 'recall', label: 'Recall', key: 'R', when: (t) => t.status === 'called' },
  { id: 'start', label: 'Start', key: 'S', when: (t) => t.status === 'called' },
  { id: 'finish', label: 'Finish…', key: 'F', when: (t) => t.status === 'called' || t.status === 'serving' },
  { id: 'no-show', label: 'No-show', key: 'X', when: (t) => t.status === 'called' },
  { id: 'transfer', label: 'Send to another service…', key: 'T', when: (t) => t.status === 'waiting' || t.status === 'called' || t.status === 'serving' },
  { id: 'add-stop', label: 'Add a need…', key: 'A', when: (t) => t.status === 'waiting' || t.status === 'called' || t.status === 'serving' },
  { id: 'move-up', label: 'Move up', key: 'U', when: (t) => t.status === 'waiting' && t.priority < 2, receptionOnly: true },
  { id: 'reprint', label: 'Reprint ticket', key: 'P', when: () => true, receptionOnly: true },
  { id: 'cancel', label: 'Cancel ticket…', key: null, when: (t) => t.status === 'waiting' || t.status === 'called', receptionOnly: true, danger: true },
];

export function actionsFor(ticket: TicketView, face: 'reception' | 'partner'): ActionSpec[] {
  return ticketActionSpecs.filter((a) => a.when(ticket) && (face === 'reception' || !a.receptionOnly));
}

/** A key hint beside an action's label; screen readers get it from aria-keyshortcuts instead. */
export function KeyHint({ shortcut, on }: { shortcut: string | null; on: boolean }) {
  if (!shortcut || !on) return null;
  return (
    <kbd className="staff-kbd" aria-hidden="true">
      {shortcut}
    </kbd>
  );
}

/** The selected ticket in full, its visit's other stops, and the actions its state allows. */
export function TicketActionPanel({
  ticket,
  siblings,
  info,
  now,
  face,
  shortcutsOn,
  noShowAfter,
  onAction,
}: {
  ticket: TicketView | null;
  siblings: TicketView[];
  info: HubInfo;
  now: number;
  face: 'reception' | 'partner';
  shortcutsOn: boolean;
  noShowAfter: number | undefined;
  onAction: (id: TicketActionId, ticket: TicketView) => void;
}) {
  if (!ticket) {
    return (
      <section className="staff-panel" aria-labelledby="panel-title">
        <h2 id="panel-title">Selected visitor</h2>
        <p className="staff-empty">Choose a ticket in the queue to see its actions.</p>
      </section>
    );
  }
  const graceLeft = noShowAfter !== undefined && ticket.status === 'called' && noShowAfter > now ? (noShowAfter - now) / 1000 : null;
  return (
    <section className="staff-panel" aria-labelledby="panel-title" data-ticket={ticket.number}>
      <h2 id="panel-title">
        {ticket.number} <span className="staff-panel-name">{ticket.displayName ?? 'No name given'}</span>
      </h2>
      <p className="staff-panel-service">
        {info.serviceName(ticket.serviceId)} · checked in {formatClock(ticket.queuedAt, info.hub.timeZone)}
      </p>
      <p className="staff-panel-state">{ticketStateText(ticket, info, now)}</p>
      <TicketBadges ticket={ticket} info={info} />
      {siblings.length > 0 && (
        <div className="staff-panel-siblings">
          <h3>Other stops of this visit</h3>
          <ul>
            {siblings.map((s) => (
              <li key={s.id}>
                {s.number} · {info.serviceName(s.serviceId)} · {statusLabel[s.status]}
                {s.desk && (s.status === 'called' || s.status === 'serving') ? ` at ${s.desk}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {graceLeft !== null && (
        <p className="staff-grace" role="timer" aria-live="off">
          No-show possible in {formatCountdown(graceLeft)}: give them time to arrive.
        </p>
      )}
      <div className="staff-panel-actions" role="group" aria-label={`Actions for ${ticket.number}`}>
        {actionsFor(ticket, face).map((a) => (
          <button
            key={a.id}
            type="button"
            className={`staff-button${a.danger ? ' staff-button-danger-quiet' : ''}${a.id === 'start' || a.id === 'finish' ? ' staff-button-primary' : ''}`}
            aria-keyshortcuts={shortcutsOn && a.key ? a.key : undefined}
            onClick={() => onAction(a.id, ticket)}
          >
            {a.label}
            <KeyHint shortcut={a.key} on={shortcutsOn} />
          </button>
        ))}
      </div>
    </section>
  );
}
