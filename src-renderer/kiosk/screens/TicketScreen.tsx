import { useTranslation } from 'react-i18next';
import type { CheckInResponse } from '../../../src-shared/api/contract';
import { localize } from '../../../src-shared/config/schema';
import { printableTicketFor } from '../../../src-shared/devices/printable-ticket';
import { ticketLayout } from '../../../src-shared/devices/ticket-layout';
import { Icon } from '../Icon';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';
import { TicketSlip } from '../TicketSlip';

/** The ticket, large on screen whatever the printer did: the printed layout, and what happens next. */
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
  const hub = setup.hub;
  const layout =
    tickets.length > 0
      ? ticketLayout(printableTicketFor({ name: hub.name, timeZone: hub.timeZone, defaultLanguage: hub.languages.default, services: hub.services }, tickets, lang))
      : null;
  const colours = (stop: number) => hub.services.find((s) => s.id === tickets[stop]?.serviceId)?.colour;
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
      {layout && <TicketSlip layout={layout} colours={colours} />}
      <div className={printed ? 'print-status' : 'print-status problem'} role={printed || noPrinter ? 'status' : 'alert'}>
        <Icon name={printed ? 'ticket' : 'warning'} />
        <p>{printMessage}</p>
      </div>
      {tickets.length > 1 && (
        <ul className="next-steps" role="list">
          <li>
            <Icon name="people" />
            <span>{t('ticket.oneAtATime')}</span>
          </li>
        </ul>
      )}
    </ScreenShell>
  );
}
