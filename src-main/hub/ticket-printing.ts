import type { Logger } from 'pino';
import type { CheckInResponse, TicketView } from '../../src-shared/api/contract';
import { servicesOf, type HubConfig } from '../../src-shared/config/schema';
import { printableTicketFor, type SlipTicket } from '../../src-shared/devices/printable-ticket';
import type { PrintableTicket } from '../../src-shared/devices/types';
import type { DeviceManager } from '../devices/device-manager';
import type { QueueService } from '../queue/queue-service';
import type { AlertRules } from './alert-rules';

export type PrintAnswer = CheckInResponse['print'];

export type TicketPrintingOptions = {
  hub: HubConfig;
  queue: Pick<QueueService, 'ticketsWithWaits' | 'recordReprint'>;
  devices: Pick<DeviceManager, 'print'>;
  alertRules: Pick<AlertRules, 'ticketNotPrinted' | 'ticketNotReprinted'>;
  logger: Logger;
};

/**
 * The printed slip, after a check-in has committed and again on purpose from reception. A printer
 * problem is answered and alerted, never thrown: the check-in is never lost because of a printer.
 */
export class TicketPrinting {
  private readonly hub: HubConfig;
  private readonly queue: TicketPrintingOptions['queue'];
  private readonly devices: TicketPrintingOptions['devices'];
  private readonly alertRules: TicketPrintingOptions['alertRules'];
  private readonly logger: Logger;

  constructor(options: TicketPrintingOptions) {
    this.hub = options.hub;
    this.queue = options.queue;
    this.devices = options.devices;
    this.alertRules = options.alertRules;
    this.logger = options.logger;
  }

  /** The visit's open tickets on one slip; a replayed check-in has printed already. */
  async printAfterCheckIn(visitId: string, language: string | null, replayed: boolean): Promise<PrintAnswer> {
    const tickets = this.queue.ticketsWithWaits(visitId).filter((t) => t.status === 'waiting' || t.status === 'called');
    const first = tickets[0];
    if (!first) return { ok: false, code: 'NOTHING_TO_PRINT', message: 'There is no open ticket to print.' };
    if (replayed) return { ok: true, code: 'ALREADY_PRINTED' };
    const printed = await this.devices.print(slipFor(this.hub, tickets, language));
    if (printed === null) return { ok: false, code: 'NO_PRINTER', message: 'This kiosk has no ticket printer.' };
    if (printed.ok && printed.notice) {
      this.logger.warn({ visitId, notice: printed.notice }, 'ticket printed other than asked');
      return { ok: true, code: 'PRINTED_OTHERWISE', message: printed.notice };
    }
    if (printed.ok) return { ok: true };
    this.logger.warn({ code: printed.code, visitId }, 'ticket not printed');
    this.alertRules.ticketNotPrinted(
      visitId,
      tickets.map((t) => t.number),
      printed.message,
    );
    return { ok: false, code: printed.code, message: printed.message };
  }

  /** Prints the visit's open tickets again, on purpose (print() prints a ticket id only once). */
  async reprint(ticketId: string, staffId: string): Promise<{ ticket: TicketView; print: PrintAnswer }> {
    const { ticket, language } = this.queue.recordReprint(ticketId, staffId);
    const printed = await this.devices.print(this.reprintableSlip(ticket.visitId, language), { again: true });
    if (printed === null) return { ticket, print: { ok: false, code: 'NO_PRINTER', message: 'This hub has no ticket printer.' } };
    if (printed.ok) return { ticket, print: { ok: true } };
    this.logger.warn({ code: printed.code, visitId: ticket.visitId }, 'ticket not reprinted');
    this.alertRules.ticketNotReprinted(ticket.visitId, ticket.number, printed.message);
    return { ticket, print: { ok: false, code: printed.code, message: printed.message } };
  }

  /** The slip as the check-in printed it: the visit's open tickets in order. */
  private reprintableSlip(visitId: string, language: string | null): PrintableTicket {
    const tickets = this.queue.ticketsWithWaits(visitId).filter((t) => t.status === 'waiting' || t.status === 'called' || t.status === 'serving');
    return slipFor(this.hub, tickets, language);
  }
}

/** One printed slip for a visit: every open ticket with its place and wait, in the resident's language. */
export function slipFor(hub: HubConfig, tickets: SlipTicket[], language: string | null): PrintableTicket {
  return printableTicketFor({ name: hub.name, timeZone: hub.timeZone, defaultLanguage: hub.languages.default, services: servicesOf(hub) }, tickets, language);
}
