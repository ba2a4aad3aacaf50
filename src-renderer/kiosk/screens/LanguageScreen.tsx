import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bslLanguage } from '../../../src-shared/triage/visit-plan';
import { directionOf, nativeName } from '../../i18n/languages';
import { ChoiceTile } from '../ChoiceTile';
import { Icon } from '../Icon';
import { triageAsksInterpreter } from '../journey';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';

/** The language to speak with staff (the kiosk's by default), British Sign Language, and an interpreter. */
export function LanguageScreen() {
  const { t } = useTranslation();
  const { setup, journey, dispatch } = useKiosk();
  const [spoken, setSpoken] = useState(journey.spokenLanguage ?? journey.language);
  const [interpreter, setInterpreter] = useState(journey.interpreter);
  const bsl = spoken === bslLanguage;
  // When triage has its own interpreter question, this screen only asks which language.
  const askInterpreter = !triageAsksInterpreter(setup);
  return (
    <ScreenShell
      heading={t('language.title')}
      speech={`${t('language.title')} ${t('language.hint')}`}
      onBack={() => dispatch({ type: 'back' })}
      talk
      actions={
        <button
          type="button"
          className="kiosk-button primary"
          // A BSL user needs an interpreter by definition; staff should not have to infer it.
          onClick={() => dispatch({ type: 'spoken-language', language: spoken === journey.language ? null : spoken, interpreter: interpreter || bsl })}
        >
          <span>{t('common.next')}</span>
          <Icon name="forward" />
        </button>
      }
    >
      <p className="lead" id="language-hint">
        {t('language.hint')}
      </p>
      <div className="tile-grid compact" role="group" aria-labelledby="kiosk-heading" aria-describedby="language-hint">
        {setup.languages.map((lang) => (
          <ChoiceTile key={lang} label={nativeName(lang)} lang={lang} dir={directionOf(lang)} pressed={spoken === lang} onClick={() => setSpoken(lang)} />
        ))}
        {askInterpreter && <ChoiceTile label={t('language.bsl')} icon="bsl" pressed={bsl} onClick={() => setSpoken(bslLanguage)} />}
      </div>
      {askInterpreter && (
        <div className="tile-grid single">
          <ChoiceTile label={t('language.interpreter')} icon="interpreter" pressed={interpreter || bsl} disabled={bsl} onClick={() => setInterpreter((v) => !v)} />
        </div>
      )}
    </ScreenShell>
  );
}
