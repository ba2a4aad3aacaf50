import { useState, type FormEvent } from 'react';
import type { TicketView } from '../../src-shared/api/contract';
import { Dialog } from './Dialog';
import type { HubInfo } from './hub-info';

/**
 * Choose a service for a visitor: "send on" (transfer this ticket) or "add a need" (another stop
 * on the same visit). Services the visit is already queued for are not offered.
 */
export function ServicePickDialog({
  mode,
  ticket,
  info,
  busyServices,
  onPick,
  onClose,
}: {
  mode: 'transfer' | 'add-stop';
  ticket: TicketView;
  info: HubInfo;
  /** Services this visit already has an open ticket for. */
  busyServices: ReadonlySet<string>;
  onPick: (serviceId: string) => Promise<boolean>;
  onClose: () => void;
}) {
  const choices = info.hub.services.filter((s) => !busyServices.has(s.id) && s.id !== ticket.serviceId);
  const [serviceId, setServiceId] = useState(choices[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const title = mode === 'transfer' ? `Send ${ticket.number} to another service` : `Add a need for ${ticket.number}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!serviceId) return;
    setBusy(true);
    const done = await onPick(serviceId);
    setBusy(false);
    if (done) onClose();
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      description={
        <p>
          {mode === 'transfer'
            ? `${ticket.displayName ?? 'The visitor'} leaves ${info.serviceName(ticket.serviceId)} and joins the other queue, keeping their place by arrival time.`
            : `${ticket.displayName ?? 'The visitor'} keeps this ticket and also joins another queue.`}
        </p>
      }
    >
      {choices.length === 0 ? (
        <>
          <p>This visitor is already queued for every other service.</p>
          <div className="staff-dialog-actions">
            <button type="button" className="staff-button" onClick={onClose}>
              Back
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <fieldset className="staff-choices">
            <legend>{mode === 'transfer' ? 'Send to' : 'Add'}</legend>
            {choices.map((s, index) => (
              <label key={s.id}>
                <input type="radio" name="service" value={s.id} checked={serviceId === s.id} onChange={() => setServiceId(s.id)} autoFocus={index === 0} />
                {info.serviceName(s.id)}
              </label>
            ))}
          </fieldset>
          <div className="staff-dialog-actions">
            <button type="submit" className="staff-button staff-button-primary" disabled={busy}>
              {mode === 'transfer' ? 'Send on' : 'Add'}
            </button>
            <button type="button" className="staff-button" onClick={onClose}>
              Back
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
