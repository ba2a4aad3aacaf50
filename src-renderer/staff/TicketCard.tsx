import { useTranslation } from 'react-i18next';
import { hiddenServiceId, type TicketView } from '../../src-shared/api/contract';
import type { HubInfo } from './hub-info';
import { staffT } from './staff-language';
import { accessLabel, flagLabel, formatCountdown, formatMinutes, languageName, statusLabel } from './text';
import { isAlarming, minutesSince, waitLevel, waitText } from './waits';

/** What is happening to the ticket, in words: waiting how long, called where, seen where. */
export function ticketStateText(ticket: TicketView, info: HubInfo, now: number): string {
  const target = info.service(ticket.serviceId)?.targetWaitMinutes ?? 20;
  switch (ticket.status) {
    case 'waiting':
      if (ticket.withAnotherService) {
        // A partner is told that the visitor is with someone else, never with whom.
        const where = ticket.withAnotherService === hiddenServiceId ? staffT('ticket.anotherPartner') : info.serviceName(ticket.withAnotherService);
        return staffT('ticket.withWhere', { where, time: formatMinutes(minutesSince(ticket.queuedAt, now)) });
      }
      return staffT('ticket.waiting', { wait: waitText(minutesSince(ticket.queuedAt, now), target) });
    case 'called': {
      const called = { desk: ticket.desk ?? staffT('common.aDesk'), time: formatMinutes(minutesSince(ticket.calledAt ?? ticket.queuedAt, now)) };
      return ticket.recallCount > 0 ? staffT('ticket.calledRecalled', { ...called, times: ticket.recallCount }) : staffT('ticket.called', called);
    }
    case 'serving':
      return staffT('ticket.serving', { desk: ticket.desk ?? staffT('common.aDesk'), time: formatMinutes(minutesSince(ticket.startedAt ?? ticket.calledAt ?? ticket.queuedAt, now)) });
    default:
      return statusLabel[ticket.status];
  }
}

/** Flags, interpreter and access needs as words (badges are colour and text, never colour alone). */
export function TicketBadges({ ticket, info, showNeeds = true }: { ticket: TicketView; info: HubInfo; showNeeds?: boolean }) {
  const { t } = useTranslation('staff');
  const flags = ticket.flags.filter((f) => f !== 'interpreter' && f !== 'bsl');
  const interpreter = ticket.interpreter || ticket.flags.includes('interpreter');
  return (
    <span className="staff-badges">
      {flags.map((f) => (
        <span key={f} className={`staff-badge staff-badge-${f}`}>
          {flagLabel[f]}
        </span>
      ))}
      {ticket.flags.includes('bsl') && <span className="staff-badge staff-badge-access">{flagLabel.bsl}</span>}
      {interpreter && (
        <span className="staff-badge staff-badge-access">
          {ticket.language && ticket.language !== 'en' ? t('ticket.interpreterFor', { language: languageName(ticket.language) }) : t('ticket.interpreter')}
        </span>
      )}
      {!interpreter && ticket.language && ticket.language !== 'en' && (
        <span className="staff-badge staff-badge-info">{t('ticket.speaks', { language: languageName(ticket.language) })}</span>
      )}
      {ticket.accessibility.map((a) => (
        <span key={a} className="staff-badge staff-badge-access">
          {accessLabel(a)}
        </span>
      ))}
      {ticket.priority > 0 && flags.length === 0 && <span className="staff-badge staff-badge-priority">{t('ticket.priority')}</span>}
      {(ticket.sentToDesk || ticket.sentToStaff) && (
        <span className="staff-badge staff-badge-sent" data-sent-to={ticket.sentToStaff?.displayName ?? ticket.sentToDesk ?? undefined}>
          {t('ticket.sentTo', {
            who:
              ticket.sentToStaff && ticket.sentToDesk
                ? t('ticket.staffAtDesk', { staff: ticket.sentToStaff.displayName, desk: ticket.sentToDesk })
                : (ticket.sentToStaff?.displayName ?? ticket.sentToDesk ?? ''),
          })}
        </span>
      )}
      {showNeeds &&
        ticket.needs.map((n) => (
          <span key={n} className="staff-badge staff-badge-need">
            {info.needLabel(n)}
          </span>
        ))}
    </span>
  );
}

/**
 * One ticket in a queue: number, name, where it stands and for how long (against the service's
 * target, in words and colour), and its flags. Pressing it selects it for the action panel.
 */
export function TicketCard({
  ticket,
  info,
  now,
  selected,
  onSelect,
  noShowAfter,
}: {
  ticket: TicketView;
  info: HubInfo;
  now: number;
  selected: boolean;
  onSelect: (ticket: TicketView) => void;
  /** When a no-show can be marked (after NO_SHOW_TOO_EARLY told us), epoch ms. */
  noShowAfter?: number | undefined;
}) {
  const { t } = useTranslation('staff');
  const target = info.service(ticket.serviceId)?.targetWaitMinutes ?? 20;
  const level = ticket.status === 'waiting' ? waitLevel(minutesSince(ticket.queuedAt, now), target) : 'ok';
  const countdown = noShowAfter !== undefined && ticket.status === 'called' && noShowAfter > now ? (noShowAfter - now) / 1000 : null;
  return (
    <li
      className={`staff-ticket${isAlarming(ticket) ? ' staff-ticket-alarming' : ''}`}
      data-status={ticket.status}
      data-wait={level}
      data-ticket={ticket.number}
      data-with-another={ticket.withAnotherService ? 'true' : undefined}
    >
      <button type="button" className="staff-ticket-main" aria-pressed={selected} onClick={() => onSelect(ticket)}>
        <span className="staff-ticket-head">
          <span className="staff-ticket-number">{ticket.number}</span>
          <span className="staff-ticket-name">{ticket.displayName ?? t('common.noName')}</span>
          {level !== 'ok' && <span className={`staff-wait-tag staff-wait-${level}`}>{level === 'over' ? t('common.overTarget') : t('common.nearTarget')}</span>}
        </span>
        <span className="staff-ticket-state">{ticketStateText(ticket, info, now)}</span>
        {countdown !== null && <span className="staff-ticket-grace">{t('common.noShowIn', { time: formatCountdown(countdown) })}</span>}
        <TicketBadges ticket={ticket} info={info} />
      </button>
    </li>
  );
}
