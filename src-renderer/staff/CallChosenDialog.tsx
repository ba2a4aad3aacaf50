import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketView } from '../../src-shared/api/contract';
import { Dialog } from './Dialog';
import type { HubInfo } from './hub-info';

/**
 * Call a chosen waiting visitor to a desk, ahead of the others (an appointment, someone who cannot
 * wait, a visitor sent here by name). The reason is required: the hub keeps it in the audit log.
 */
export function CallChosenDialog({
  ticket,
  info,
  defaultDesk,
  onCall,
  onClose,
}: {
  ticket: TicketView;
  info: HubInfo;
  /** This screen's desk, when it is one of the ticket's service's desks. */
  defaultDesk: string | null;
  onCall: (desk: string, reason: string) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useTranslation('staff');
  const desks = info.service(ticket.serviceId)?.desks ?? [];
  const [desk, setDesk] = useState(defaultDesk && desks.includes(defaultDesk) ? defaultDesk : (ticket.sentToDesk ?? desks[0] ?? ''));
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length < 3) return setProblem(t('dialogs.reasonNeeded'));
    setProblem(null);
    setBusy(true);
    const done = await onCall(desk, reason.trim());
    setBusy(false);
    if (done) onClose();
  };

  return (
    <Dialog
      title={t('dialogs.callTitle', { who: `${ticket.number}${ticket.displayName ? ` (${ticket.displayName})` : ''}` })}
      onClose={onClose}
      description={<p>{t('dialogs.callBody', { name: ticket.displayName ?? t('common.theVisitor'), service: info.serviceName(ticket.serviceId) })}</p>}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="staff-field">
          <label htmlFor="call-chosen-desk">{t('dialogs.toDesk')}</label>
          <select id="call-chosen-desk" value={desk} onChange={(e) => setDesk(e.target.value)}>
            {desks.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <div className="staff-field">
          <label htmlFor="call-chosen-reason">{t('dialogs.reason')}</label>
          <input
            id="call-chosen-reason"
            type="text"
            value={reason}
            maxLength={200}
            autoFocus
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('dialogs.reasonPlaceholder')}
            aria-describedby={problem ? 'call-chosen-problem' : undefined}
          />
        </div>
        {problem && (
          <p role="alert" className="staff-error" id="call-chosen-problem">
            {problem}
          </p>
        )}
        <div className="staff-dialog-actions">
          <button type="submit" className="staff-button staff-button-primary" disabled={busy || !desk}>
            {t('dialogs.callNow')}
          </button>
          <button type="button" className="staff-button" onClick={onClose}>
            {t('common.back')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
