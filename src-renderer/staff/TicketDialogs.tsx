import { useTranslation } from 'react-i18next';
import type { TicketView } from '../../src-shared/api/contract';
import { CallChosenDialog } from './CallChosenDialog';
import { ConfirmDialog } from './ConfirmDialog';
import { FinishDialog } from './FinishDialog';
import type { HubInfo } from './hub-info';
import { ServicePickDialog } from './ServicePickDialog';
import type { TicketActions } from './useTicketActions';

export type TicketDialogKind = 'call-chosen' | 'finish' | 'transfer' | 'add-stop' | 'cancel';
export type OpenTicketDialog = { kind: TicketDialogKind; ticket: TicketView } | null;

/** The dialogs that belong to one ticket's actions; the ticket shown is the live one when it still exists. */
export function TicketDialogs({
  open,
  live,
  visitTickets,
  info,
  actions,
  myDesk = null,
  onClose,
}: {
  open: OpenTicketDialog;
  /** The ticket as the live queue has it now (it may have moved on meanwhile). */
  live: TicketView | undefined;
  visitTickets: TicketView[];
  info: HubInfo;
  actions: TicketActions;
  /** This screen's desk, offered first when calling a chosen visitor. */
  myDesk?: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('staff');
  if (!open) return null;
  const ticket = live ?? open.ticket;
  const busy = new Set(visitTickets.map((t) => t.serviceId));
  switch (open.kind) {
    case 'call-chosen':
      return <CallChosenDialog ticket={ticket} info={info} defaultDesk={myDesk} onCall={(desk, reason) => actions.callChosen(ticket, desk, reason)} onClose={onClose} />;
    case 'finish':
      return <FinishDialog ticket={ticket} info={info} onFinish={(input) => actions.finish(ticket, input)} onClose={onClose} />;
    case 'transfer':
      return <ServicePickDialog mode="transfer" ticket={ticket} info={info} busyServices={busy} onPick={(id, to, label) => actions.transfer(ticket, id, to, label)} onClose={onClose} />;
    case 'add-stop':
      return <ServicePickDialog mode="add-stop" ticket={ticket} info={info} busyServices={busy} onPick={(id) => actions.addStop(ticket, id)} onClose={onClose} />;
    case 'cancel':
      return (
        <ConfirmDialog title={t('dialogs.cancelTitle', { number: ticket.number })} confirmLabel={t('dialogs.cancelConfirm')} onConfirm={() => actions.cancel(ticket)} onClose={onClose}>
          <p>{t('dialogs.cancelBody', { name: ticket.displayName ?? t('common.theVisitorLower') })}</p>
        </ConfirmDialog>
      );
  }
}
