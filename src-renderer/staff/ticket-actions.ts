import type { AlertView, CheckInRequest, FinishRequest, TicketView, VisitSearchResult } from '../../src-shared/api/contract';
import { endpoints, type EndpointInput } from '../../src-shared/api/endpoints';
import { call } from '../api/client';

/** The staff actions on the queue, each one HTTP call to the hub (which authorises, validates and audits it). */

const onTicket = (ticket: Pick<TicketView, 'id'>) => ({ ticketId: ticket.id });

export const callNext = (serviceId: string, desk: string) => call(endpoints.callNext, { params: { serviceId }, body: { desk } }).then((r) => r.ticket);

export const recall = (ticket: TicketView) =>
  call(endpoints.recall, { params: onTicket(ticket), body: ticket.desk ? { desk: ticket.desk } : {} }).then((r) => r.ticket);

export const markNoShow = (ticket: TicketView) => call(endpoints.noShow, { params: onTicket(ticket), body: {} }).then((r) => r.ticket);

export const startSeeing = (ticket: TicketView, desk?: string | null) => {
  const at = desk ?? ticket.desk;
  return call(endpoints.start, { params: onTicket(ticket), body: at ? { desk: at } : {} }).then((r) => r.ticket);
};

export const finish = (ticket: TicketView, outcome: FinishRequest) => call(endpoints.finish, { params: onTicket(ticket), body: outcome }).then((r) => r.ticket);

/** Who should see a visitor sent on: a desk or a member of staff; neither means the next free desk. */
export type SendOnTo = { toDesk?: string; toStaffId?: string };

export const transfer = (ticket: TicketView, toServiceId: string, to: SendOnTo = {}) => call(endpoints.transfer, { params: onTicket(ticket), body: { toServiceId, ...to } });

/** Calls a chosen waiting visitor out of turn; the hub keeps the reason in its audit log. */
export const callTicket = (ticket: TicketView, desk: string, reason: string) =>
  call(endpoints.callTicket, { params: onTicket(ticket), body: { desk, reason } }).then((r) => r.ticket);

/** Reception and the partners of a service, for "send on to a member of staff". */
export const serviceStaff = (serviceId: string) => call(endpoints.serviceStaff, { params: { serviceId } }).then((r) => r.staff);

export const cancel = (ticket: TicketView) => call(endpoints.cancel, { params: onTicket(ticket), body: {} }).then((r) => r.ticket);

export const addStop = (visitId: string, serviceId: string) => call(endpoints.addStop, { params: { visitId }, body: { serviceId } }).then((r) => ('ticket' in r ? r.ticket : null));

export const checkInByHand = (body: CheckInRequest) => call(endpoints.checkIn, { body });

/** A mistaken no-show goes back in the queue at its old place (reception, within the hub's undo window). */
export const undoNoShow = (ticket: TicketView) => call(endpoints.undoNoShow, { params: onTicket(ticket), body: {} }).then((r) => r.ticket);

/** Moves a waiting ticket up: level 1 ahead of everyone without a flag, level 2 level with crisis. */
export const prioritise = (ticket: TicketView, level: NonNullable<EndpointInput<typeof endpoints.prioritise>['body']>['level']) =>
  call(endpoints.prioritise, { params: onTicket(ticket), body: { level } }).then((r) => r.ticket);

export const reprint = (ticket: Pick<TicketView, 'id'>) => call(endpoints.reprint, { params: onTicket(ticket), body: {} });

export const acknowledgeAlert = (alert: AlertView) => call(endpoints.acknowledgeAlert, { params: { alertId: alert.id }, body: {} });

/** Today's visits, finished ones too, by ticket number or the start of a name. */
export function searchVisits(query: string): Promise<VisitSearchResult> {
  return call(endpoints.visitSearch, { query: { q: query.trim() } });
}

/** A request id the hub uses to check a person in once however often the button is pressed. */
export function newRequestId(): string {
  // crypto.randomUUID needs a secure context; getRandomValues works over plain HTTP on the LAN too.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `staff-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
