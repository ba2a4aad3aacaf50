import type { TicketView } from '../../src-shared/api/contract';
import { ConfirmDialog } from './ConfirmDialog';
import { FinishDialog } from './FinishDialog';
import type { HubInfo } from './hub-info';
import { ServicePickDialog } from './ServicePickDialog';
import type { TicketActions } from './useTicketActions';

export type TicketDialogKind = 'finish' | 'transfer' | 'add-stop' | 'cancel';
export type OpenTicketDialog = { kind: TicketDialogKind; ticket: TicketView } | null;

/** The dialogs that belong to one ticket's actions; the ticket shown is the live one when it still exists. */
export function TicketDialogs({
  open,
  live,
  visitTickets,
  info,
  actions,
  onClose,
}: {
  open: OpenTicketDialog;
  /** The ticket as the live queue has it now (it may have moved on meanwhile). */
  live: TicketView | undefined;
  visitTickets: TicketView[];
  info: HubInfo;
  actions: TicketActions;
  onClose: () => void;
}) {
  if (!open) return null;
  const ticket = live ?? open.ticket;
  const busy = new Set(visitTickets.map((t) => t.serviceId));
  switch (open.kind) {
    case 'finish':
      return <FinishDialog ticket={ticket} info={info} onFinish={(input) => actions.finish(ticket, input)} onClose={onClose} />;
    case 'transfer':
      return <ServicePickDialog mode="transfer" ticket={ticket} info={info} busyServices={busy} onPick={(id) => actions.transfer(ticket, id)} onClose={onClose} />;
    case 'add-stop':
      return <ServicePickDialog mode="add-stop" ticket={ticket} info={info} busyServices={busy} onPick={(id) => actions.addStop(ticket, id)} onClose={onClose} />;
    case 'cancel':
      return (
        <ConfirmDialog title={`Cancel ticket ${ticket.number}?`} confirmLabel="Cancel the ticket" onConfirm={() => actions.cancel(ticket)} onClose={onClose}>
          <p>
            Use this when {ticket.displayName ?? 'the visitor'} has left or checked in twice. It cannot be undone: if they come back, check them in
            again.
          </p>
        </ConfirmDialog>
      );
  }
}
