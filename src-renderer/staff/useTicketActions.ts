import { useCallback, useMemo, useState } from 'react';
import { undoNoShowMinutes, type FinishRequest, type TicketView } from '../../src-shared/api/contract';
import { ApiRequestError } from '../api/client';
import type { HubInfo } from './hub-info';
import type { TicketActionId } from './TicketActionPanel';
import type { OpenTicketDialog } from './TicketDialogs';
import * as actions from './ticket-actions';
import { describeError, outcomeLabel, StaffMessage } from './text';
import type { ToastInput } from './Toasts';

const who = (t: TicketView) => `${t.number}${t.displayName ? ` (${t.displayName})` : ''}`;

/**
 * The queue actions with their feedback: each reports its result or its problem in a message,
 * remembers the no-show grace the hub tells it about, and offers Undo after a no-show.
 */
export function useTicketActions(
  info: HubInfo,
  show: (toast: ToastInput) => number,
  options: { onCalled?: (ticket: TicketView) => void; canUndo: boolean },
) {
  const { onCalled, canUndo } = options;
  /** ticket id → { calledAt it applies to, epoch ms from when a no-show can be marked }. */
  const [grace, setGrace] = useState<Map<string, { calledAt: string | null; after: number }>>(new Map());

  const attempt = useCallback(
    async (run: () => Promise<string>, ticket?: TicketView): Promise<boolean> => {
      try {
        show({ message: await run() });
        return true;
      } catch (error) {
        if (ticket && error instanceof ApiRequestError && error.code === 'NO_SHOW_TOO_EARLY') {
          const seconds = Number(error.details?.['secondsLeft'] ?? 0);
          setGrace((prev) => new Map(prev).set(ticket.id, { calledAt: ticket.calledAt, after: Date.now() + seconds * 1000 }));
        }
        show({ message: describeError(error), tone: 'error' });
        return false;
      }
    },
    [show],
  );

  const noShowAfter = useCallback(
    (ticket: TicketView): number | undefined => {
      const known = grace.get(ticket.id);
      if (known && known.calledAt === ticket.calledAt) return known.after;
      if (info.noShowGraceMinutes !== null && ticket.status === 'called' && ticket.calledAt) {
        return Date.parse(ticket.calledAt) + info.noShowGraceMinutes * 60_000;
      }
      return undefined;
    },
    [grace, info.noShowGraceMinutes],
  );

  const undo = useCallback(
    (t: TicketView) =>
      attempt(async () => {
        const back = await actions.undoNoShow(t);
        return `${who(back)} is back in the ${info.serviceName(back.serviceId)} queue at their old place.`;
      }),
    [attempt, info],
  );

  return useMemo(
    () => ({
      noShowAfter,
      callNext: (serviceId: string, desk: string) =>
        attempt(async () => {
          const ticket = await actions.callNext(serviceId, desk);
          onCalled?.(ticket);
          return `Called ${who(ticket)} to ${desk}.`;
        }),
      recall: (t: TicketView) => attempt(async () => `Called ${who(await actions.recall(t))} again to ${t.desk ?? 'the desk'}.`),
      start: (t: TicketView, desk?: string | null) => attempt(async () => `Now seeing ${who(await actions.startSeeing(t, desk))}.`),
      finish: (t: TicketView, input: FinishRequest) =>
        attempt(async () => {
          await actions.finish(t, input);
          return `Finished ${who(t)}: ${outcomeLabel[input.outcome].toLowerCase()}${input.referredTo ? ` (${input.referredTo})` : ''}.`;
        }),
      callChosen: (t: TicketView, desk: string, reason: string) =>
        attempt(async () => {
          const ticket = await actions.callTicket(t, desk, reason);
          onCalled?.(ticket);
          return `Called ${who(ticket)} to ${desk}, out of turn.`;
        }),
      transfer: (t: TicketView, serviceId: string, to: actions.SendOnTo = {}, toLabel: string | null = null) =>
        attempt(async () => {
          const reply = await actions.transfer(t, serviceId, to);
          const where = `${info.serviceName(serviceId)}${toLabel ? ` (${toLabel})` : ''}`;
          // A partner is told only that the visitor was sent on, never whether they already waited there.
          return 'newTicket' in reply ? `${who(t)} sent to ${where} as ${reply.newTicket.number}.` : `${who(t)} sent on to ${where}.`;
        }),
      addStop: (t: TicketView, serviceId: string) =>
        attempt(async () => {
          const added = await actions.addStop(t.visitId, serviceId);
          return added ? `${who(t)} also queued for ${info.serviceName(serviceId)} as ${added.number}.` : `${who(t)} also sent on to ${info.serviceName(serviceId)}.`;
        }),
      cancel: (t: TicketView) => attempt(async () => `Cancelled ${who(await actions.cancel(t))}.`),
      moveUp: (t: TicketView) =>
        attempt(async () => {
          const level = t.priority >= 1 ? 2 : 1;
          const moved = await actions.prioritise(t, level);
          return level === 2 ? `${who(moved)} moved to the top, level with crisis and safeguarding.` : `${who(moved)} moved up, ahead of everyone without a flag.`;
        }),
      reprint: (t: TicketView) =>
        attempt(async () => {
          const { print } = await actions.reprint(t);
          if (!print.ok) throw new StaffMessage(`The ticket was not printed: ${print.message ?? print.code ?? 'printer problem'}.`);
          return `Printed ${t.number} again.`;
        }),
      undoNoShow: undo,
      noShow: async (t: TicketView) => {
        try {
          await actions.markNoShow(t);
        } catch (error) {
          return attempt(() => Promise.reject(error), t);
        }
        if (!canUndo) {
          show({ message: `${who(t)} marked as a no-show. If that was a mistake, reception can undo it for ${undoNoShowMinutes} minutes.` });
          return true;
        }
        show({
          message: `${who(t)} marked as a no-show.`,
          action: { label: 'Undo', run: () => void undo(t) },
        });
        return true;
      },
    }),
    [attempt, noShowAfter, info, show, onCalled, canUndo, undo],
  );
}

export type TicketActions = ReturnType<typeof useTicketActions>;

/** Runs a ticket action: the immediate ones at once, the ones that need more input in their dialog. */
export function runTicketAction(
  id: TicketActionId,
  ticket: TicketView,
  act: Pick<ReturnType<typeof useTicketActions>, 'recall' | 'noShow' | 'start' | 'moveUp' | 'reprint'>,
  openDialog: (dialog: OpenTicketDialog) => void,
): void {
  switch (id) {
    case 'recall':
      return void act.recall(ticket);
    case 'no-show':
      return void act.noShow(ticket);
    case 'start':
      return void act.start(ticket);
    case 'move-up':
      return void act.moveUp(ticket);
    case 'reprint':
      return void act.reprint(ticket);
    case 'call-chosen':
    case 'finish':
    case 'transfer':
    case 'add-stop':
    case 'cancel':
      return openDialog({ kind: id, ticket });
  }
}
