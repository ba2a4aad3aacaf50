import { useId, useState, type FormEvent } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { endpoints } from '../../src-shared/api/endpoints';
import { pairingCodeAlphabet, pairingCodePattern, type KioskStatusReply } from '../../src-shared/api/kiosk-contract';
import { ApiRequestError, call } from '../api/client';
import { staffI18n, StaffLanguageSwitch, useStaffLanguage } from '../staff/staff-language';

/**
 * The staff part of a kiosk page the hub does not trust: enrol it with a pairing code, in the staff
 * screens' language (English or Welsh, switched here). Loaded only on such a page, so a kiosk's
 * own screens never carry the staff translations.
 */
export default function PairingStaffForm({ status, onEnrolled }: { status: KioskStatusReply | null; onEnrolled: () => void }) {
  return (
    <I18nextProvider i18n={staffI18n}>
      <StaffSection status={status} onEnrolled={onEnrolled} />
    </I18nextProvider>
  );
}

function StaffSection({ status, onEnrolled }: { status: KioskStatusReply | null; onEnrolled: () => void }) {
  const { t } = useTranslation('staff');
  const [language] = useStaffLanguage();
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
    if (!pairingCodePattern.test(typed)) return setProblem(t('pairing.shape'));
    setSending(true);
    try {
      const reply = await call(endpoints.enrolKiosk, { body: { code: typed } });
      setEnrolled(reply.kiosk.name);
      onEnrolled();
    } catch (error) {
      const code = error instanceof ApiRequestError ? error.code : 'NETWORK';
      setProblem(code === 'PAIRING_CODE_INVALID' ? t('pairing.invalid') : code === 'RATE_LIMITED' ? t('pairing.tooMany') : code === 'NETWORK' ? t('pairing.failed') : (error as Error).message);
    } finally {
      setSending(false);
    }
  };

  return (
    <section lang={language} dir="ltr" className="kiosk-pairing-staff" aria-labelledby="pairing-heading">
      <StaffLanguageSwitch />
      <h2 id="pairing-heading">{t('pairing.heading')}</h2>
      {status?.via === 'hub-machine' && <p role="status">{t('pairing.trustedHere')}</p>}
      {status?.via === 'enrolled' && status.name && <p role="status">{t('pairing.enrolledAs', { name: status.name })}</p>}
      {enrolled ? (
        <p role="status">{t('pairing.enrolledAs', { name: enrolled })}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p id={hintId}>{t('pairing.hint')}</p>
          <label htmlFor={inputId}>{t('pairing.label')}</label>
          <input
            id={inputId}
            type="text"
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
            {sending ? t('pairing.sending') : t('pairing.submit')}
          </button>
        </form>
      )}
    </section>
  );
}

/** Rows of the keypad: the characters a pairing code is made of (no 0/O, 1/I/L), digits first. */
const keypadRows = [pairingCodeAlphabet.slice(0, 8), pairingCodeAlphabet.slice(8, 16), pairingCodeAlphabet.slice(16, 24), pairingCodeAlphabet.slice(24)].map((r) => [...r]);

/** The code as it is shown: upper case, a hyphen after the fourth character. */
function shown(plain: string): string {
  return plain.length > 4 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : plain;
}

const plainOf = (code: string) => code.toUpperCase().replace(/[^0-9A-Z]/g, '');

function withKey(code: string, key: string): string {
  const plain = plainOf(code);
  return plain.length >= 8 ? code : shown(plain + key);
}

/**
 * Keys for the pairing code: a kiosk has no keyboard, and the code is typed where the kiosk
 * stands. Only the characters a code can hold; a tap leaves focus in the field.
 */
function CodeKeypad({ field, onEdit }: { field: string; onEdit: (edit: (code: string) => string) => void }) {
  const { t } = useTranslation('staff');
  // A function key (Delete last, Clear) is wider than a character's.
  const key = (label: string, edit: (code: string) => string, fn = false) => (
    <button key={label} type="button" className={fn ? 'osk-key fn' : 'osk-key'} aria-controls={field} onMouseDown={(e) => e.preventDefault()} onClick={() => onEdit(edit)}>
      {label}
    </button>
  );
  return (
    <div className="code-keypad" role="group" aria-label={t('pairing.keypad')}>
      {keypadRows.map((keys) => (
        <div className="osk-row" key={keys.join('')}>
          {keys.map((k) => key(k, (code) => withKey(code, k)))}
        </div>
      ))}
      <div className="osk-row">
        {key(t('pairing.backspace'), (code) => shown(plainOf(code).slice(0, -1)), true)}
        {key(t('pairing.clear'), () => '', true)}
      </div>
    </div>
  );
}
