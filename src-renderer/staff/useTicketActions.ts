import { useCallback, useMemo, useState } from 'react';
import { undoNoShowMinutes, type FinishRequest, type TicketView } from '../../src-shared/api/contract';
import { ApiRequestError } from '../api/client';
import type { HubInfo } from './hub-info';
import type { TicketActionId } from './TicketActionPanel';
import type { OpenTicketDialog } from './TicketDialogs';
import * as actions from './ticket-actions';
import { staffT } from './staff-language';
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
        return staffT('toast.back', { who: who(back), service: info.serviceName(back.serviceId) });
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
          return staffT('toast.called', { who: who(ticket), desk });
        }),
      recall: (t: TicketView) => attempt(async () => staffT('toast.recalled', { who: who(await actions.recall(t)), desk: t.desk ?? staffT('common.theDesk') })),
      start: (t: TicketView, desk?: string | null) => attempt(async () => staffT('toast.seeing', { who: who(await actions.startSeeing(t, desk)) })),
      finish: (t: TicketView, input: FinishRequest) =>
        attempt(async () => {
          await actions.finish(t, input);
          const outcome = outcomeLabel[input.outcome].toLowerCase();
          return input.referredTo ? staffT('toast.finishedReferred', { who: who(t), outcome, to: input.referredTo }) : staffT('toast.finished', { who: who(t), outcome });
        }),
      callChosen: (t: TicketView, desk: string, reason: string) =>
        attempt(async () => {
          const ticket = await actions.callTicket(t, desk, reason);
          onCalled?.(ticket);
          return staffT('toast.calledOutOfTurn', { who: who(ticket), desk });
        }),
      transfer: (t: TicketView, serviceId: string, to: actions.SendOnTo = {}, toLabel: string | null = null) =>
        attempt(async () => {
          const reply = await actions.transfer(t, serviceId, to);
          const where = `${info.serviceName(serviceId)}${toLabel ? ` (${toLabel})` : ''}`;
          // A partner is told only that the visitor was sent on, never whether they already waited there.
          return 'newTicket' in reply ? staffT('toast.sentAs', { who: who(t), where, number: reply.newTicket.number }) : staffT('toast.sentOn', { who: who(t), where });
        }),
      addStop: (t: TicketView, serviceId: string) =>
        attempt(async () => {
          const added = await actions.addStop(t.visitId, serviceId);
          return added
            ? staffT('toast.alsoQueued', { who: who(t), service: info.serviceName(serviceId), number: added.number })
            : staffT('toast.alsoSent', { who: who(t), service: info.serviceName(serviceId) });
        }),
      cancel: (t: TicketView) => attempt(async () => staffT('toast.cancelled', { who: who(await actions.cancel(t)) })),
      moveUp: (t: TicketView) =>
        attempt(async () => {
          const level = t.priority >= 1 ? 2 : 1;
          const moved = await actions.prioritise(t, level);
          return level === 2 ? staffT('toast.movedTop', { who: who(moved) }) : staffT('toast.movedUp', { who: who(moved) });
        }),
      reprint: (t: TicketView) =>
        attempt(async () => {
          const { print } = await actions.reprint(t);
          if (!print.ok) throw new StaffMessage(staffT('toast.notPrinted', { reason: print.message ?? print.code ?? staffT('toast.printerProblem') }));
          return staffT('toast.printed', { number: t.number });
        }),
      undoNoShow: undo,
      noShow: async (t: TicketView) => {
        try {
          await actions.markNoShow(t);
        } catch (error) {
          return attempt(() => Promise.reject(error), t);
        }
        if (!canUndo) {
          show({ message: staffT('toast.noShowUndoable', { who: who(t), minutes: undoNoShowMinutes }) });
          return true;
        }
        show({
          message: staffT('toast.noShow', { who: who(t) }),
          action: { label: staffT('toast.undo'), run: () => void undo(t) },
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
