import { useTranslation } from 'react-i18next';
import type { CheckInResponse } from '../../../src-shared/api/contract';
import { localize } from '../../../src-shared/config/schema';
import { Icon } from '../Icon';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';

/** The ticket, large on screen whatever the printer did, and what happens next. */
export function TicketScreen({ result }: { result: CheckInResponse }) {
  const { t } = useTranslation();
  const { setup, journey, reset } = useKiosk();
  const lang = journey.language;
  const tickets = [...result.tickets].sort((a, b) => a.stopOrder - b.stopOrder);
  const name = tickets[0]?.displayName ?? null;
  const heading = name ? t('ticket.titleName', { name }) : t('ticket.title');
  const printed = result.print.ok;
  const noPrinter = result.print.code === 'NO_PRINTER';
  const serviceName = (id: string) => localize(setup.hub.services.find((s) => s.id === id)?.name, lang) || id;
  const printMessage = printed ? t('ticket.takeTicket') : noPrinter ? t('ticket.noPrinter') : t('ticket.printerOut');
  const speech = [heading, ...tickets.map((ticket) => `${t('ticket.yourNumber')}: ${ticket.number}, ${serviceName(ticket.serviceId)}`), printMessage, t('ticket.watchScreen')].join('. ');

  return (
    <ScreenShell
      heading={heading}
      className="ticket"
      speech={speech}
      actions={
        <button type="button" className="kiosk-button primary" onClick={reset}>
          <Icon name="yes" />
          <span>{t('ticket.done')}</span>
        </button>
      }
    >
      <ol className="ticket-list" role="list" aria-label={t('ticket.yourNumber')}>
        {tickets.map((ticket) => {
          const colour = setup.hub.services.find((s) => s.id === ticket.serviceId)?.colour;
          return (
            <li key={ticket.id} className="ticket-card" style={colour ? { borderInlineStartColor: colour } : undefined}>
              <span className="ticket-label">{t('ticket.yourNumber')}</span>
              <span className="ticket-number" dir="ltr">
                {ticket.number}
              </span>
              <span className="ticket-service">{serviceName(ticket.serviceId)}</span>
              {ticket.estimatedWaitMinutes > 0 && <span className="ticket-wait">{t('summary.wait', { count: ticket.estimatedWaitMinutes })}</span>}
            </li>
          );
        })}
      </ol>
      <div className={printed ? 'print-status' : 'print-status problem'} role={printed || noPrinter ? 'status' : 'alert'}>
        <Icon name={printed ? 'ticket' : 'warning'} />
        <p>{printMessage}</p>
      </div>
      <h2>{t('ticket.whatNext')}</h2>
      <ul className="next-steps" role="list">
        <li>
          <Icon name="screen" />
          <span>{t('ticket.watchScreen')}</span>
        </li>
        {tickets.length > 1 && (
          <li>
            <Icon name="people" />
            <span>{t('ticket.oneAtATime')}</span>
          </li>
        )}
      </ul>
    </ScreenShell>
  );
}
