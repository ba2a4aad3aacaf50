import { useTranslation } from 'react-i18next';
import type { TicketView } from '../../src-shared/api/contract';
import type { HubInfo } from './hub-info';
import { TicketBadges, ticketStateText } from './TicketCard';
import { staffT } from './staff-language';
import { formatCountdown, formatClock, statusLabel } from './text';

export type TicketActionId = 'call-chosen' | 'recall' | 'no-show' | 'start' | 'finish' | 'transfer' | 'add-stop' | 'move-up' | 'cancel' | 'reprint';

/** `label` is read from the staff translations each time, so it follows the language. */
type ActionSpec = { id: TicketActionId; readonly label: string; key: string | null; when: (t: TicketView) => boolean; receptionOnly?: boolean; danger?: boolean };

export const ticketActionSpecs: readonly ActionSpec[] = [
  // Out of turn: only someone waiting who is not with another service right now.
  { id: 'call-chosen', get label() { return staffT('actions.call-chosen'); }, key: 'K', when: (t) => t.status === 'waiting' && !t.withAnotherService },
  { id: 'recall', get label() { return staffT('actions.recall'); }, key: 'R', when: (t) => t.status === 'called' },
  { id: 'start', get label() { return staffT('actions.start'); }, key: 'S', when: (t) => t.status === 'called' },
  { id: 'finish', get label() { return staffT('actions.finish'); }, key: 'F', when: (t) => t.status === 'called' || t.status === 'serving' },
  { id: 'no-show', get label() { return staffT('actions.no-show'); }, key: 'X', when: (t) => t.status === 'called' },
  { id: 'transfer', get label() { return staffT('actions.transfer'); }, key: 'T', when: (t) => t.status === 'waiting' || t.status === 'called' || t.status === 'serving' },
  { id: 'add-stop', get label() { return staffT('actions.add-stop'); }, key: 'A', when: (t) => t.status === 'waiting' || t.status === 'called' || t.status === 'serving' },
  { id: 'move-up', get label() { return staffT('actions.move-up'); }, key: 'U', when: (t) => t.status === 'waiting' && t.priority < 2, receptionOnly: true },
  { id: 'reprint', get label() { return staffT('actions.reprint'); }, key: 'P', when: () => true, receptionOnly: true },
  { id: 'cancel', get label() { return staffT('actions.cancel'); }, key: null, when: (t) => t.status === 'waiting' || t.status === 'called', receptionOnly: true, danger: true },
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
  const { t } = useTranslation('staff');
  if (!ticket) {
    return (
      <section className="staff-panel" aria-labelledby="panel-title">
        <h2 id="panel-title">{t('reception.selectedVisitor')}</h2>
        <p className="staff-empty">{t('panel.choose')}</p>
      </section>
    );
  }
  const graceLeft = noShowAfter !== undefined && ticket.status === 'called' && noShowAfter > now ? (noShowAfter - now) / 1000 : null;
  return (
    <section className="staff-panel" aria-labelledby="panel-title" data-ticket={ticket.number}>
      <h2 id="panel-title">
        {ticket.number} <span className="staff-panel-name">{ticket.displayName ?? t('common.noName')}</span>
      </h2>
      <p className="staff-panel-service">
        {t('panel.serviceLine', { service: info.serviceName(ticket.serviceId), time: formatClock(ticket.queuedAt, info.hub.timeZone) })}
      </p>
      <p className="staff-panel-state">{ticketStateText(ticket, info, now)}</p>
      <TicketBadges ticket={ticket} info={info} />
      {siblings.length > 0 && (
        <div className="staff-panel-siblings">
          <h3>{t('panel.otherStops')}</h3>
          <ul>
            {siblings.map((s) => (
              <li key={s.id}>
                {s.number} · {info.serviceName(s.serviceId)} ·{' '}
                {s.desk && (s.status === 'called' || s.status === 'serving') ? t('panel.stopAtDesk', { status: statusLabel[s.status], desk: s.desk }) : statusLabel[s.status]}
              </li>
            ))}
          </ul>
        </div>
      )}
      {graceLeft !== null && (
        <p className="staff-grace" role="timer" aria-live="off">
          {t('panel.grace', { time: formatCountdown(graceLeft) })}
        </p>
      )}
      <div className="staff-panel-actions" role="group" aria-label={t('common.actionsFor', { number: ticket.number })}>
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
