import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { outcomeKinds, type FinishRequest, type OutcomeKind, type TicketView } from '../../src-shared/api/contract';
import { Dialog } from './Dialog';
import type { HubInfo } from './hub-info';
import { emptyJourney, JourneyFields, saveJourney, type JourneyDraft } from './JourneyFields';
import { outcomeLabel } from './text';


/** Finish with an outcome: what happened, to whom they were referred, and a note where the hub allows one. */
export function FinishDialog({
  ticket,
  info,
  onFinish,
  onClose,
}: {
  ticket: TicketView;
  info: HubInfo;
  onFinish: (input: FinishRequest) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useTranslation('staff');
  const [outcome, setOutcome] = useState<OutcomeKind | null>(null);
  const [referredTo, setReferredTo] = useState('');
  const [referredToId, setReferredToId] = useState('');
  const targets = info.hub.referralTargets;
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [journey, setJourney] = useState<JourneyDraft>(emptyJourney);
  const notes = info.notesAllowed(ticket.serviceId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!outcome) return setProblem(t('dialogs.chooseOutcome'));
    if (outcome === 'referred' && !referredTo.trim() && !referredToId) return setProblem(t('dialogs.sayWho'));
    setProblem(null);
    setBusy(true);
    const done = await onFinish({
      outcome,
      ...(outcome === 'referred' && referredTo.trim() ? { referredTo: referredTo.trim() } : {}),
      ...(outcome === 'referred' && referredToId ? { referredToId } : {}),
      ...(notes && note.trim() ? { note: note.trim() } : {}),
    });
    if (done) {
      // The receiver chosen above is also the referral's journey fact, so the programme's figures count it.
      const unsaved = await saveJourney(ticket, outcome, { ...journey, organisationId: referredToId });
      setBusy(false);
      if (unsaved) return setProblem(unsaved);
      return onClose();
    }
    setBusy(false);
  };

  return (
    <Dialog title={t('dialogs.finishTitle', { who: `${ticket.number}${ticket.displayName ? ` (${ticket.displayName})` : ''}` })} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="staff-choices">
          <legend>{t('dialogs.whatHappened')}</legend>
          {outcomeKinds.map((kind, index) => (
            <label key={kind}>
              <input
                type="radio"
                name="outcome"
                value={kind}
                checked={outcome === kind}
                onChange={() => setOutcome(kind)}
                // The first choice takes focus, so the keyboard goes straight to the answer.
                autoFocus={index === 0}
              />
              {outcomeLabel[kind]}
            </label>
          ))}
        </fieldset>
        {outcome === 'referred' && targets.length > 0 && (
          <div className="staff-field">
            <label htmlFor="finish-referred-id">{t('dialogs.organisation')}</label>
            <select id="finish-referred-id" value={referredToId} onChange={(e) => setReferredToId(e.target.value)}>
              <option value="">{t('dialogs.notListed')}</option>
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {outcome === 'referred' && (
          <div className="staff-field">
            <label htmlFor="finish-referred">{t('dialogs.referredTo')}</label>
            <input id="finish-referred" value={referredTo} maxLength={120} onChange={(e) => setReferredTo(e.target.value)} placeholder={t('dialogs.referredPlaceholder')} />
          </div>
        )}
        <JourneyFields hub={info.hub} outcome={outcome} draft={journey} onChange={setJourney} />
        {notes && (
          <div className="staff-field">
            <label htmlFor="finish-note">{t('dialogs.note')}</label>
            <p className="staff-hint" id="finish-note-hint">
              {t('dialogs.noteHint')}
            </p>
            <textarea id="finish-note" aria-describedby="finish-note-hint" value={note} maxLength={500} rows={3} onChange={(e) => setNote(e.target.value)} />
          </div>
        )}
        {problem && (
          <p role="alert" className="staff-error">
            {problem}
          </p>
        )}
        <div className="staff-dialog-actions">
          <button type="submit" className="staff-button staff-button-primary" disabled={busy}>
            {t('dialogs.finish')}
          </button>
          <button type="button" className="staff-button" onClick={onClose}>
            {t('common.back')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
