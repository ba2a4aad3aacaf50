import type { Logger } from 'pino';
import type { CheckInResponse, TicketView } from '../../src-shared/api/contract';
import { servicesOf, type HubConfig } from '../../src-shared/config/schema';
import { printableTicketFor, type SlipTicket } from '../../src-shared/devices/printable-ticket';
import type { PrintableTicket, PrintResult } from '../../src-shared/devices/types';
import type { DeviceManager } from '../devices/device-manager';
import type { QueueService } from '../queue/queue-service';
import type { AlertRules } from './alert-rules';

export type PrintAnswer = CheckInResponse['print'];

export type TicketPrintingOptions = {
  hub: HubConfig;
  queue: Pick<QueueService, 'ticketsWithWaits' | 'recordReprint' | 'printRecord' | 'beginPrintAttempt' | 'recordPrint'>;
  devices: Pick<DeviceManager, 'print'>;
  alertRules: Pick<AlertRules, 'ticketNotPrinted' | 'ticketNotReprinted' | 'ticketPrinted' | 'ticketPrintedOtherwise'>;
  logger: Logger;
};

/** A check-in's print is tried at most this often: once, and once more by a retried check-in. */
const printAttempts = 2;

/**
 * The printed slip, after a check-in has committed and again on purpose from reception. A printer
 * problem is answered and alerted, never thrown: the check-in is never lost because of a printer.
 * How it went is recorded with the visit, so a retried check-in tells the truth about it.
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

  /**
   * The visit's open tickets on one slip. A replayed check-in answers from the visit's print record:
   * printed already; or not printed (a failed print, or a crash before it), when it tries once more.
   */
  async printAfterCheckIn(visitId: string, language: string | null, replayed: boolean): Promise<PrintAnswer> {
    const tickets = this.queue.ticketsWithWaits(visitId).filter((t) => t.status === 'waiting' || t.status === 'called');
    const first = tickets[0];
    if (!first) return { ok: false, code: 'NOTHING_TO_PRINT', message: 'There is no open ticket to print.' };
    if (replayed) {
      const record = this.queue.printRecord(visitId);
      if (record?.status === 'printed') return { ok: true, code: 'ALREADY_PRINTED' };
      if (!record || record.status === 'unknown') {
        return { ok: false, code: 'PRINT_UNKNOWN', message: 'Whether this ticket printed was not recorded; reception can reprint it.' };
      }
      if (record.attempts >= printAttempts) {
        return { ok: false, code: record.code ?? 'NOT_PRINTED', message: 'The ticket was not printed; reception can reprint it.' };
      }
    }
    if (this.queue.beginPrintAttempt(visitId) > printAttempts) {
      return { ok: false, code: 'NOT_PRINTED', message: 'The ticket was not printed; reception can reprint it.' };
    }
    const { printed, withoutName } = await this.print(slipFor(this.hub, tickets, language), false);
    if (printed === null) {
      this.queue.recordPrint(visitId, { status: 'no-printer', code: 'NO_PRINTER' });
      return { ok: false, code: 'NO_PRINTER', message: 'This kiosk has no ticket printer.' };
    }
    if (printed.ok) {
      this.queue.recordPrint(visitId, { status: 'printed', code: null });
      this.alertRules.ticketPrinted(visitId);
      if (withoutName) return { ok: true, code: 'PRINTED_WITHOUT_NAME', message: 'The name could not be printed; the ticket shows the number.' };
      if (printed.notice) {
        // Printed, but not as the resident asked (their language's font is missing): reception hears why.
        this.logger.warn({ visitId, notice: printed.notice }, 'ticket printed other than asked');
        this.alertRules.ticketPrintedOtherwise(visitId, printed.notice);
        return { ok: true, code: 'PRINTED_OTHERWISE', message: printed.notice };
      }
      return { ok: true };
    }
    this.queue.recordPrint(visitId, { status: 'failed', code: printed.code });
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
    const { printed } = await this.print(this.reprintableSlip(ticket.visitId, language), true);
    if (printed === null) return { ticket, print: { ok: false, code: 'NO_PRINTER', message: 'This hub has no ticket printer.' } };
    if (printed.ok) {
      this.queue.recordPrint(ticket.visitId, { status: 'printed', code: null });
      this.alertRules.ticketPrinted(ticket.visitId);
      return { ticket, print: { ok: true } };
    }
    this.logger.warn({ code: printed.code, visitId: ticket.visitId }, 'ticket not reprinted');
    this.alertRules.ticketNotReprinted(ticket.visitId, ticket.number, printed.message);
    return { ticket, print: { ok: false, code: printed.code, message: printed.message } };
  }

  /**
   * Prints the slip; when the printer cannot draw some of its text (an emoji in a name, a script no
   * font has), prints it again without the name rather than not at all.
   */
  private async print(slip: PrintableTicket, again: boolean): Promise<{ printed: PrintResult | null; withoutName: boolean }> {
    const printed = await this.devices.print(slip, { again });
    if (printed && !printed.ok && printed.unprintable && slip.displayName !== null) {
      this.logger.warn({ visitId: slip.ticketId }, 'ticket printed without the name the printer cannot draw');
      return { printed: await this.devices.print({ ...slip, displayName: null }, { again }), withoutName: true };
    }
    return { printed, withoutName: false };
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
