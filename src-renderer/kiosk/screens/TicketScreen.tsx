import { useTranslation } from 'react-i18next';
import type { CheckInResponse } from '../../../src-shared/api/contract';
import { localize } from '../../../src-shared/config/schema';
import { formatOpening } from '../../../src-shared/opening-hours';
import { printableTicketFor } from '../../../src-shared/devices/printable-ticket';
import { ticketLayout } from '../../../src-shared/devices/ticket-layout';
import { Icon } from '../Icon';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';
import { TicketSlip } from '../TicketSlip';
import { EmergencyGuidance } from './CrisisScreen';

/** The ticket, large on screen whatever the printer did: the printed layout, and what happens next. */
export function TicketScreen({ result }: { result: CheckInResponse }) {
  const { t } = useTranslation();
  const { setup, journey, reset } = useKiosk();
  const lang = journey.language;
  const tickets = [...result.tickets].sort((a, b) => a.stopOrder - b.stopOrder);
  const name = tickets[0]?.displayName ?? null;
  const comeToMe = journey.comeToMe;
  const heading = comeToMe ? t('ticket.comingTitle') : name ? t('ticket.titleName', { name }) : t('ticket.title');
  const printed = result.print.ok;
  const noPrinter = result.print.code === 'NO_PRINTER';
  const serviceName = (id: string) => localize(setup.hub.services.find((s) => s.id === id)?.name, lang) || id;
  // Taken out of hours for the next opening: "have a seat" would be a false promise.
  const forLater = result.forNextOpening
    ? t('ticket.nextOpening', { when: formatOpening(new Date(result.forNextOpening), setup.hub.timeZone, lang, new Date(result.checkedInAt)) })
    : null;
  const printMessage = printed ? (forLater ?? t('ticket.takeTicket')) : noPrinter ? t('ticket.noPrinter') : t('ticket.printerOut');
  const hub = setup.hub;
  const layout =
    tickets.length > 0
      ? ticketLayout(printableTicketFor({ name: hub.name, timeZone: hub.timeZone, defaultLanguage: hub.languages.default, services: hub.services }, tickets, lang))
      : null;
  const colours = (stop: number) => hub.services.find((s) => s.id === tickets[stop]?.serviceId)?.colour;
  const speech = comeToMe
    ? [heading, t('ticket.comingWho'), t('crisis.guidance')].join('. ')
    : [heading, ...tickets.map((ticket) => `${t('ticket.yourNumber')}: ${ticket.number}, ${serviceName(ticket.serviceId)}`), printMessage, t('ticket.watchScreen')].join('. ');

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
      {comeToMe && (
        <>
          <div className="print-status coming" role="status">
            <Icon name="people" />
            <p>{t('ticket.comingWho')}</p>
          </div>
          <EmergencyGuidance />
        </>
      )}
      {layout && <TicketSlip layout={layout} colours={colours} />}
      {/* "Take your ticket and have a seat" is not for someone asked to stay where they are; a printer problem still is. */}
      {!(comeToMe && printed) && (
        <div className={printed ? 'print-status' : 'print-status problem'} role={printed || noPrinter ? 'status' : 'alert'}>
          <Icon name={printed ? 'ticket' : 'warning'} />
          <p>{printMessage}</p>
        </div>
      )}
      {forLater && !printed && (
        <div className="print-status" role="status">
          <Icon name="info" />
          <p>{forLater}</p>
        </div>
      )}
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
