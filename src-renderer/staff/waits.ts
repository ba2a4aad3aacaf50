import type { TicketView } from '../../src-shared/api/contract';
import { staffT } from './staff-language';
import { alarmingFlags, formatMinutes } from './text';

export type WaitLevel = 'ok' | 'near' | 'over';

export function minutesSince(iso: string, nowMs: number): number {
  return Math.max(0, (nowMs - Date.parse(iso)) / 60_000);
}

/** Against the service's target: "near" from three quarters of it, "over" at or past it. */
export function waitLevel(minutes: number, targetMinutes: number): WaitLevel {
  if (minutes >= targetMinutes) return 'over';
  if (minutes >= targetMinutes * 0.75) return 'near';
  return 'ok';
}

/** The wait in words, with its place against the target spelled out (colour is only a second cue). */
export function waitText(minutes: number, targetMinutes: number): string {
  const level = waitLevel(minutes, targetMinutes);
  const waited = formatMinutes(minutes);
  if (level === 'over') return staffT('time.over', { wait: waited, target: targetMinutes });
  if (level === 'near') return staffT('time.near', { wait: waited, target: targetMinutes });
  return waited;
}

export function isAlarming(ticket: TicketView): boolean {
  return ticket.flags.some((f) => alarmingFlags.includes(f));
}

/** Flagged and prioritised visitors first, then by arrival: the order the hub calls them in. */
export function queueOrder(a: TicketView, b: TicketView): number {
  return (
    Number(isAlarming(b)) - Number(isAlarming(a)) ||
    b.priority - a.priority ||
    a.queuedAt.localeCompare(b.queuedAt) ||
    a.number.localeCompare(b.number)
  );
}

export type TicketGroups = { called: TicketView[]; serving: TicketView[]; waiting: TicketView[]; elsewhere: TicketView[] };

/** A service's open tickets by what is happening to them; "elsewhere" = waiting here, with another partner now. */
export function groupTickets(tickets: Iterable<TicketView>): TicketGroups {
  const groups: TicketGroups = { called: [], serving: [], waiting: [], elsewhere: [] };
  for (const t of tickets) {
    if (t.status === 'called') groups.called.push(t);
    else if (t.status === 'serving') groups.serving.push(t);
    else if (t.status === 'waiting') (t.withAnotherService ? groups.elsewhere : groups.waiting).push(t);
  }
  groups.called.sort(queueOrder);
  groups.serving.sort(queueOrder);
  groups.waiting.sort(queueOrder);
  groups.elsewhere.sort(queueOrder);
  return groups;
}
