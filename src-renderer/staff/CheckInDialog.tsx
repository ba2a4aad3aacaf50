import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { CheckInResponse } from '../../src-shared/api/contract';
import { howHeardOption, localize, type QuestionConfig } from '../../src-shared/config/schema';
import { visibleQuestions, type Answers, type AnswerValue } from '../../src-shared/triage/engine';
import { Dialog } from './Dialog';
import type { HubInfo } from './hub-info';
import { checkInByHand, newRequestId, reprint } from './ticket-actions';
import { accessLabel, accessNeeds, describeError, languageName } from './text';

const howHeardOptions = z.object({ options: z.array(howHeardOption) });

function QuestionField({ question, value, onChange }: { question: QuestionConfig; value: AnswerValue | undefined; onChange: (value: AnswerValue | undefined) => void }) {
  const { t, i18n } = useTranslation('staff');
  // The hub's own words in the staff language where the hub has them, English otherwise.
  const prompt = localize(question.prompt, i18n.language);
  const name = `q-${question.id}`;
  switch (question.kind) {
    case 'single':
      return (
        <fieldset className="staff-choices staff-choices-inline">
          <legend>{prompt}</legend>
          {question.options.map((o) => (
            <label key={o.id}>
              <input type="radio" name={name} checked={value === o.id} onChange={() => onChange(o.id)} />
              {localize(o.label, i18n.language)}
            </label>
          ))}
          <label>
            <input type="radio" name={name} checked={value === undefined} onChange={() => onChange(undefined)} />
            {t('checkIn.notAsked')}
          </label>
        </fieldset>
      );
    case 'multi': {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <fieldset className="staff-choices staff-choices-inline">
          <legend>{prompt}</legend>
          {question.options.map((o) => (
            <label key={o.id}>
              <input
                type="checkbox"
                checked={chosen.includes(o.id)}
                onChange={(e) => {
                  const next = e.target.checked ? [...chosen, o.id] : chosen.filter((c) => c !== o.id);
                  onChange(next.length > 0 ? next : undefined);
                }}
              />
              {localize(o.label, i18n.language)}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'yesno':
      return (
        <fieldset className="staff-choices staff-choices-inline">
          <legend>{prompt}</legend>
          <label>
            <input type="radio" name={name} checked={value === true} onChange={() => onChange(true)} />
            {t('checkIn.yes')}
          </label>
          <label>
            <input type="radio" name={name} checked={value === false} onChange={() => onChange(false)} />
            {t('checkIn.no')}
          </label>
          <label>
            <input type="radio" name={name} checked={value === undefined} onChange={() => onChange(undefined)} />
            {t('checkIn.notAsked')}
          </label>
        </fieldset>
      );
    case 'text':
      return (
        <div className="staff-field">
          <label htmlFor={name}>{prompt}</label>
          <input id={name} maxLength={question.maxLength} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value ? e.target.value : undefined)} />
        </div>
      );
  }
}

/**
 * Check someone in by hand at reception, for residents who would rather not use the kiosk: the
 * same check-in as the kiosk's (identification "staff"), with the hub's own triage questions.
 */
export function CheckInDialog({ info, onClose, onCheckedIn }: { info: HubInfo; onClose: () => void; onCheckedIn: (reply: CheckInResponse) => void }) {
  const { t, i18n } = useTranslation('staff');
  const { hub, triage } = info;
  const [requestId] = useState(newRequestId);
  const [name, setName] = useState('');
  const [language, setLanguage] = useState(hub.languages.default);
  const [interpreter, setInterpreter] = useState(false);
  const [access, setAccess] = useState<string[]>([]);
  const [consent, setConsent] = useState(false);
  const [answers, setAnswers] = useState<Answers>({});
  const [howHeard, setHowHeard] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CheckInResponse | null>(null);
  const [printNote, setPrintNote] = useState<string | null>(null);
  const howHeardList = useMemo(() => howHeardOptions.safeParse(hub.howHeard).data?.options ?? [], [hub.howHeard]);
  const questions = triage ? visibleQuestions(triage, answers, { consentToOptional: consent }) : [];

  const setAnswer = (id: string, value: AnswerValue | undefined) =>
    setAnswers((prev) => {
      const rest = Object.fromEntries(Object.entries(prev).filter(([key]) => key !== id));
      return value === undefined ? rest : { ...rest, [id]: value };
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const missing = questions.find((q) => q.required && !(q.id in answers));
    if (missing) return setError(t('checkIn.pleaseAnswer', { question: localize(missing.prompt, i18n.language) }));
    const shown = new Set(questions.map((q) => q.id));
    setBusy(true);
    try {
      const reply = await checkInByHand({
        requestId,
        identification: { method: 'staff' },
        consent: { noticeVersion: hub.privacyNoticeVersion, optionalQuestions: consent },
        howHeard: howHeard.map((optionId) => ({ optionId })),
        answers: Object.fromEntries(Object.entries(answers).filter(([id]) => shown.has(id))),
        visitor: { displayName: name.trim() || null, language, interpreter, accessibility: access },
      });
      setResult(reply);
      onCheckedIn(reply);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <Dialog title={t('checkIn.done')} onClose={onClose}>
        <p role="status">
          {result.tickets.map((ticket) => t('checkIn.ticketFor', { number: ticket.number, service: info.serviceName(ticket.serviceId), minutes: ticket.estimatedWaitMinutes })).join('; ')}.
        </p>
        {result.print.ok ? (
          <p>{t('checkIn.printed')}</p>
        ) : (
          <p className="staff-warning">{t('checkIn.notPrinted', { reason: result.print.message ?? result.print.code ?? t('checkIn.noPrinter') })}</p>
        )}
        {printNote && <p role="status">{printNote}</p>}
        <div className="staff-dialog-actions">
          <button type="button" className="staff-button staff-button-primary" autoFocus onClick={onClose}>
            {t('checkIn.close')}
          </button>
          <button
            type="button"
            className="staff-button"
            onClick={() =>
              void reprint(result.tickets[0]!).then(
                ({ print }) => setPrintNote(print.ok ? t('checkIn.printedAgain') : t('checkIn.notPrintedAgain', { reason: print.message ?? print.code ?? t('toast.printerProblem') })),
                (failure: unknown) => setPrintNote(describeError(failure, t('checkIn.printAgainFailed'))),
              )
            }
          >
            {t('checkIn.printAgain')}
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={t('checkIn.title')} onClose={onClose} className="staff-dialog-wide">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="staff-form-grid">
          <div className="staff-field">
            <label htmlFor="checkin-name">{t('checkIn.name')}</label>
            <p className="staff-hint" id="checkin-name-hint">
              {t('checkIn.nameHint')}
            </p>
            <input id="checkin-name" aria-describedby="checkin-name-hint" maxLength={40} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          </div>
          <div className="staff-field">
            <label htmlFor="checkin-language">{t('checkIn.language')}</label>
            <select id="checkin-language" value={language} onChange={(e) => setLanguage(e.target.value)}>
              {hub.languages.offered.map((l) => (
                <option key={l} value={l}>
                  {languageName(l)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset className="staff-choices staff-choices-inline">
          <legend>{t('checkIn.support')}</legend>
          <label>
            <input type="checkbox" checked={interpreter} onChange={(e) => setInterpreter(e.target.checked)} />
            {t('checkIn.interpreter')}
          </label>
          {accessNeeds.map((need) => (
            <label key={need}>
              <input type="checkbox" checked={access.includes(need)} onChange={(e) => setAccess((a) => (e.target.checked ? [...a, need] : a.filter((x) => x !== need)))} />
              {accessLabel(need)}
            </label>
          ))}
        </fieldset>
        <label className="staff-checkbox-line">
          <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
          {t('checkIn.consent')}
        </label>
        {questions.map((q) => (
          <QuestionField key={q.id} question={q} value={answers[q.id]} onChange={(v) => setAnswer(q.id, v)} />
        ))}
        {howHeardList.length > 0 && (
          <fieldset className="staff-choices staff-choices-inline">
            <legend>{t('checkIn.howHeard')}</legend>
            {howHeardList.map((o) => (
              <label key={o.id}>
                <input type="checkbox" checked={howHeard.includes(o.id)} onChange={(e) => setHowHeard((h) => (e.target.checked ? [...h, o.id] : h.filter((x) => x !== o.id)))} />
                {localize(o.label, i18n.language)}
              </label>
            ))}
          </fieldset>
        )}
        {error && (
          <p role="alert" className="staff-error">
            {error}
          </p>
        )}
        <div className="staff-dialog-actions">
          <button type="submit" className="staff-button staff-button-primary" disabled={busy}>
            {busy ? t('checkIn.checkingIn') : t('checkIn.submit')}
          </button>
          <button type="button" className="staff-button" onClick={onClose}>
            {t('checkIn.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
