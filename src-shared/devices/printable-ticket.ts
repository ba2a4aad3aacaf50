import type { TicketView } from '../api/contract';
import { localize, type LocalizedText } from '../config/schema';
import { ticketLabelsFor } from '../i18n/ticket-labels';
import type { PrintableTicket } from './types';

/**
 * A visit's slip, from its tickets: built the same way by the hub (to print) and by the kiosk (to
 * show on screen), so both carry the same numbers, places and waits.
 */

export type SlipTicket = Pick<TicketView, 'visitId' | 'number' | 'serviceId' | 'status' | 'displayName' | 'queuedAt'> & {
  estimatedWaitMinutes?: number;
  /** Place in the service's queue (1 = next); null when not waiting. */
  place?: number | null;
};

export type SlipHub = {
  name: LocalizedText;
  timeZone: string;
  defaultLanguage: string;
  services: { id: string; name: LocalizedText; desks: string[] }[];
};

/** One slip for a visit: every open ticket as a stop, in the resident's language (and the hub's, as fallback). */
export function printableTicketFor(hub: SlipHub, tickets: SlipTicket[], language: string | null): PrintableTicket {
  const first = tickets[0];
  if (!first) throw new RangeError('a ticket needs at least one stop');
  const lang = language ?? hub.defaultLanguage;
  const inLanguage = (l: string): Omit<PrintableTicket, 'fallback'> => {
    const services = new Map(hub.services.map((s) => [s.id, s]));
    return {
      ticketId: first.visitId,
      number: first.number,
      hubName: localize(hub.name, l),
      displayName: first.displayName,
      stops: tickets.map((t) => {
        const service = services.get(t.serviceId);
        const waiting = t.status === 'waiting';
        return {
          number: t.number,
          serviceName: localize(service?.name, l) || t.serviceId,
          deskHint: service && service.desks.length > 0 ? service.desks.join(', ') : null,
          place: waiting ? (t.place ?? null) : null,
          estimatedWaitMinutes: waiting && t.estimatedWaitMinutes !== undefined ? t.estimatedWaitMinutes : null,
        };
      }),
      issuedAt: first.queuedAt,
      timeZone: hub.timeZone,
      language: l,
      labels: ticketLabelsFor(l),
    };
  };
  const ticket = inLanguage(lang);
  return lang === hub.defaultLanguage ? ticket : { ...ticket, fallback: inLanguage(hub.defaultLanguage) };
}
