import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketView } from '../../src-shared/api/contract';
import { Dialog } from './Dialog';
import type { HubInfo } from './hub-info';
import { serviceStaff, type SendOnTo } from './ticket-actions';

/** "Whoever is free", a desk of the service, or a member of staff who works it. */
function WhoNext({ serviceId, info, value, onChange }: { serviceId: string; info: HubInfo; value: string; onChange: (value: string, label: string | null) => void }) {
  const { t } = useTranslation('staff');
  const [staff, setStaff] = useState<{ id: string; displayName: string }[]>([]);
  useEffect(() => {
    let current = true;
    serviceStaff(serviceId).then(
      (list) => current && setStaff(list),
      // Without the list, desks and "whoever is free" still work.
      () => current && setStaff([]),
    );
    return () => {
      current = false;
    };
  }, [serviceId]);
  const desks = info.service(serviceId)?.desks ?? [];
  const labelOf = (v: string) => (v.startsWith('desk:') ? v.slice(5) : v.startsWith('staff:') ? (staff.find((s) => `staff:${s.id}` === v)?.displayName ?? null) : null);
  return (
    <div className="staff-field">
      <label htmlFor="send-on-who">{t('dialogs.whoNext')}</label>
      <select id="send-on-who" value={value} onChange={(e) => onChange(e.target.value, labelOf(e.target.value))}>
        <option value="">{t('dialogs.whoeverFree')}</option>
        <optgroup label={t('dialogs.desk')}>
          {desks.map((d) => (
            <option key={d} value={`desk:${d}`}>
              {d}
            </option>
          ))}
        </optgroup>
        {staff.length > 0 && (
          <optgroup label={t('dialogs.member')}>
            {staff.map((s) => (
              <option key={s.id} value={`staff:${s.id}`}>
                {s.displayName}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </div>
  );
}

function sendOnTo(value: string): SendOnTo {
  if (value.startsWith('desk:')) return { toDesk: value.slice(5) };
  if (value.startsWith('staff:')) return { toStaffId: value.slice(6) };
  return {};
}

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
  /** With send on, who should see them next (`to`) and that in words (`label`). */
  onPick: (serviceId: string, to: SendOnTo, label: string | null) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useTranslation('staff');
  const choices = info.hub.services.filter((s) => !busyServices.has(s.id) && s.id !== ticket.serviceId);
  const [serviceId, setServiceId] = useState(choices[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [who, setWho] = useState<{ value: string; label: string | null }>({ value: '', label: null });
  const title = mode === 'transfer' ? t('dialogs.transferTitle', { number: ticket.number }) : t('dialogs.addTitle', { number: ticket.number });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!serviceId) return;
    setBusy(true);
    const done = await onPick(serviceId, mode === 'transfer' ? sendOnTo(who.value) : {}, mode === 'transfer' ? who.label : null);
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
            ? t('dialogs.transferBody', { name: ticket.displayName ?? t('common.theVisitor'), service: info.serviceName(ticket.serviceId) })
            : t('dialogs.addBody', { name: ticket.displayName ?? t('common.theVisitor') })}
        </p>
      }
    >
      {choices.length === 0 ? (
        <>
          <p>{t('dialogs.allQueued')}</p>
          <div className="staff-dialog-actions">
            <button type="button" className="staff-button" onClick={onClose}>
              {t('common.back')}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <fieldset className="staff-choices">
            <legend>{mode === 'transfer' ? t('dialogs.sendTo') : t('dialogs.add')}</legend>
            {choices.map((s, index) => (
              <label key={s.id}>
                <input
                  type="radio"
                  name="service"
                  value={s.id}
                  checked={serviceId === s.id}
                  onChange={() => {
                    setServiceId(s.id);
                    setWho({ value: '', label: null });
                  }}
                  autoFocus={index === 0}
                />
                {info.serviceName(s.id)}
              </label>
            ))}
          </fieldset>
          {mode === 'transfer' && serviceId && <WhoNext serviceId={serviceId} info={info} value={who.value} onChange={(value, label) => setWho({ value, label })} />}
          <div className="staff-dialog-actions">
            <button type="submit" className="staff-button staff-button-primary" disabled={busy}>
              {mode === 'transfer' ? t('dialogs.sendOn') : t('dialogs.add')}
            </button>
            <button type="button" className="staff-button" onClick={onClose}>
              {t('common.back')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
