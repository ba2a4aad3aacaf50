import { useId, useState, type FormEvent } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { HubView } from '../../src-shared/api/contract';
import { endpoints } from '../../src-shared/api/endpoints';
import { pairingCodeAlphabet, pairingCodePattern, type KioskStatusReply } from '../../src-shared/api/kiosk-contract';
import { ApiRequestError, call } from '../api/client';
import { createKioskI18n } from '../i18n/kiosk-i18n';
import { directionOf } from '../i18n/languages';

/** Staff-facing words of the enrolment form (staff work in English, as on the staff screens). */
const staffText = {
  heading: 'For staff: enrol this screen as a kiosk',
  hint: 'On the manager screen, open Kiosks and make a pairing code, then type it here. The code works once, for 10 minutes.',
  label: 'Pairing code',
  submit: 'Enrol this screen',
  sending: 'Enrolling…',
  invalid: 'That code is wrong, already used or expired. Make a new one on the manager screen.',
  shape: 'A pairing code is 8 letters and digits, such as KX7M-Q3TD.',
  tooMany: 'Too many tries from this screen. Wait a minute and try again.',
  failed: 'The hub could not be reached. Check the network and try again.',
  keypad: 'Keys to type the code',
  backspace: 'Delete last',
  clear: 'Clear',
  trustedHere: 'This screen is the hub’s own machine: it is a kiosk already and needs no code.',
  enrolledAs: (name: string) => `This screen is enrolled as “${name}”.`,
};

/**
 * A screen the hub does not trust as a kiosk (not the hub's own machine, not enrolled): residents
 * are sent to reception in the hub's language, and staff can enrol it with a pairing code. The hub
 * answers with an HttpOnly cookie, so nothing here ever sees the kiosk's credential.
 */
export function KioskPairing({ hub, status, onEnrolled }: { hub: HubView; status: KioskStatusReply | null; onEnrolled: () => void }) {
  const [i18n] = useState(() => createKioskI18n(hub.languages.default));
  return (
    <I18nextProvider i18n={i18n}>
      <PairingPage status={status} onEnrolled={onEnrolled} language={hub.languages.default} />
    </I18nextProvider>
  );
}

function PairingPage({ status, onEnrolled, language }: { status: KioskStatusReply | null; onEnrolled: () => void; language: string }) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  const [code, setCode] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [enrolled, setEnrolled] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const typed = code.trim().toUpperCase().replace(/\s+/g, '');
    if (!pairingCodePattern.test(typed)) return setProblem(staffText.shape);
    setSending(true);
    try {
      const reply = await call(endpoints.enrolKiosk, { body: { code: typed } });
      setEnrolled(reply.kiosk.name);
      onEnrolled();
    } catch (error) {
      const code = error instanceof ApiRequestError ? error.code : 'NETWORK';
      setProblem(code === 'PAIRING_CODE_INVALID' ? staffText.invalid : code === 'RATE_LIMITED' ? staffText.tooMany : code === 'NETWORK' ? staffText.failed : (error as Error).message);
    } finally {
      setSending(false);
    }
  };

  return (
    <main className="kiosk kiosk-pairing">
      <section lang={language} dir={directionOf(language)} className="kiosk-pairing-notice">
        <h1>{t('notEnrolled.title')}</h1>
        <p>{t('notEnrolled.text')}</p>
      </section>
      <section lang="en" dir="ltr" className="kiosk-pairing-staff" aria-labelledby="pairing-heading">
        <h2 id="pairing-heading">{staffText.heading}</h2>
        {status?.via === 'hub-machine' && <p role="status">{staffText.trustedHere}</p>}
        {status?.via === 'enrolled' && status.name && <p role="status">{staffText.enrolledAs(status.name)}</p>}
        {enrolled ? (
          <p role="status">{staffText.enrolledAs(enrolled)}</p>
        ) : (
          <form onSubmit={(e) => void submit(e)} noValidate>
            <p id={hintId}>{staffText.hint}</p>
            <label htmlFor={inputId}>{staffText.label}</label>
            <input
              id={inputId}
              className="kiosk-pairing-input"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={16}
              aria-describedby={hintId}
              aria-invalid={problem ? true : undefined}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
            <CodeKeypad field={inputId} onEdit={setCode} />
            {problem && (
              <p role="alert" className="read-message problem">
                {problem}
              </p>
            )}
            <button type="submit" className="kiosk-button primary" disabled={sending} aria-busy={sending}>
              {sending ? staffText.sending : staffText.submit}
            </button>
          </form>
        )}
      </section>
    </main>
  );
}

/** Rows of the keypad: the characters a pairing code is made of (no 0/O, 1/I/L), digits first. */
const keypadRows = [pairingCodeAlphabet.slice(0, 8), pairingCodeAlphabet.slice(8, 16), pairingCodeAlphabet.slice(16, 24), pairingCodeAlphabet.slice(24)].map((r) => [...r]);

/** The code as it is shown: upper case, a hyphen after the fourth character. */
export function withKey(code: string, key: string): string {
  const plain = code.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (plain.length >= 8) return code;
  const next = plain + key;
  return next.length > 4 ? `${next.slice(0, 4)}-${next.slice(4)}` : next;
}

function withoutLast(code: string): string {
  const plain = code.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, -1);
  return plain.length > 4 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : plain;
}

/**
 * Keys for the pairing code: a kiosk has no keyboard, and the code is typed where the kiosk
 * stands. Only the characters a code can hold; a tap leaves focus in the field.
 */
function CodeKeypad({ field, onEdit }: { field: string; onEdit: (edit: (code: string) => string) => void }) {
  return (
    <div className="code-keypad" role="group" aria-label={staffText.keypad}>
      {keypadRows.map((keys) => (
        <div className="osk-row" key={keys.join('')}>
          {keys.map((key) => (
            <button key={key} type="button" className="osk-key" aria-controls={field} onMouseDown={(e) => e.preventDefault()} onClick={() => onEdit((code) => withKey(code, key))}>
              {key}
            </button>
          ))}
        </div>
      ))}
      <div className="osk-row">
        <button type="button" className="osk-key fn" aria-controls={field} onMouseDown={(e) => e.preventDefault()} onClick={() => onEdit(withoutLast)}>
          {staffText.backspace}
        </button>
        <button type="button" className="osk-key fn" aria-controls={field} onMouseDown={(e) => e.preventDefault()} onClick={() => onEdit(() => '')}>
          {staffText.clear}
        </button>
      </div>
    </div>
  );
}
