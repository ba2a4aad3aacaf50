import {
  reprintReply,
  routes,
  visitSearchResult,
  type AlertView,
  type CheckInRequest,
  type CheckInResponse,
  type OutcomeKind,
  type prioritiseRequest,
  type TicketView,
  type VisitSearchResult,
} from '../../src-shared/api/contract';
import type { z } from 'zod';
import { api } from '../api/client';

/** The staff actions on the queue, each one HTTP call to the hub (which authorises, validates and audits it). */

type TicketReply = { ticket: TicketView };

export const callNext = (serviceId: string, desk: string) => api.post<TicketReply>(routes.callNext(serviceId), { desk }).then((r) => r.ticket);

export const recall = (ticket: TicketView) =>
  api.post<TicketReply>(routes.ticketAction(ticket.id, 'recall'), ticket.desk ? { desk: ticket.desk } : {}).then((r) => r.ticket);

export const markNoShow = (ticket: TicketView) => api.post<TicketReply>(routes.ticketAction(ticket.id, 'no-show'), {}).then((r) => r.ticket);

export const startSeeing = (ticket: TicketView, desk?: string | null) => {
  const at = desk ?? ticket.desk;
  return api.post<TicketReply>(routes.ticketAction(ticket.id, 'start'), at ? { desk: at } : {}).then((r) => r.ticket);
};

export const finish = (ticket: TicketView, outcome: { outcome: OutcomeKind; referredTo?: string; note?: string }) =>
  api.post<TicketReply>(routes.ticketAction(ticket.id, 'finish'), outcome).then((r) => r.ticket);

export const transfer = (ticket: TicketView, toServiceId: string) =>
  api.post<{ ticket: TicketView; newTicket: TicketView }>(routes.ticketAction(ticket.id, 'transfer'), { toServiceId });

export const cancel = (ticket: TicketView) => api.post<TicketReply>(routes.ticketAction(ticket.id, 'cancel'), {}).then((r) => r.ticket);

export const addStop = (visitId: string, serviceId: string) => api.post<TicketReply>(routes.addStop(visitId), { serviceId }).then((r) => r.ticket);

export const checkInByHand = (body: CheckInRequest) => api.post<CheckInResponse>(routes.checkIns, body);

/** A mistaken no-show goes back in the queue at its old place (reception, within the hub's undo window). */
export const undoNoShow = (ticket: TicketView) => api.post<TicketReply>(routes.receptionAction(ticket.id, 'undo-no-show'), {}).then((r) => r.ticket);

/** Moves a waiting ticket up: level 1 ahead of everyone without a flag, level 2 level with crisis. */
export const prioritise = (ticket: TicketView, level: z.input<typeof prioritiseRequest>['level']) =>
  api.post<TicketReply>(routes.receptionAction(ticket.id, 'prioritise'), { level }).then((r) => r.ticket);

export const reprint = async (ticket: Pick<TicketView, 'id'>) => reprintReply.parse(await api.post<unknown>(routes.receptionAction(ticket.id, 'reprint'), {}));

export const acknowledgeAlert = (alert: AlertView) => api.post(routes.acknowledgeAlert(alert.id), {});

/** Today's visits, finished ones too, by ticket number or the start of a name. */
export async function searchVisits(query: string): Promise<VisitSearchResult> {
  return visitSearchResult.parse(await api.get<unknown>(`${routes.visitSearch}?q=${encodeURIComponent(query.trim())}`));
}

/** A request id the hub uses to check a person in once however often the button is pressed. */
export function newRequestId(): string {
  // crypto.randomUUID needs a secure context; getRandomValues works over plain HTTP on the LAN too.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `staff-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
