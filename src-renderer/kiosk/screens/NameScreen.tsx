import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../Icon';
import { useKiosk } from '../kiosk-context';
import { OnScreenKeyboard } from '../OnScreenKeyboard';
import { ScreenShell } from '../ScreenShell';

const nameMaxLength = 40;

/** First name or initials for calling, or the number only. */
export function NameScreen() {
  const { t } = useTranslation();
  const { journey, dispatch } = useKiosk();
  const [name, setName] = useState(journey.displayName ?? '');
  const filled = name.trim() !== '';
  const submit = () => {
    if (filled) dispatch({ type: 'name', displayName: name.trim() });
  };
  return (
    <ScreenShell heading={t('name.title')} speech={`${t('name.title')} ${t('name.hint')}`} onBack={() => dispatch({ type: 'back' })} talk>
      <p className="lead" id="name-hint">
        {t('name.hint')}
      </p>
      <form
        className="text-field"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label htmlFor="display-name">{t('name.label')}</label>
        <input
          id="display-name"
          type="text"
          maxLength={nameMaxLength}
          // The kiosk's own keyboard is below; the system's would cover the screen (a physical one still works).
          inputMode="none"
          dir="auto"
          autoComplete="off"
          autoCapitalize="words"
          spellCheck={false}
          aria-describedby="name-hint"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <OnScreenKeyboard language={journey.language} value={name} onEdit={setName} maxLength={nameMaxLength} onDone={submit} doneDisabled={!filled} field="display-name" />
        <div className="answer-actions">
          <button type="submit" className="kiosk-button primary" disabled={!filled}>
            <span>{t('common.next')}</span>
            <Icon name="forward" />
          </button>
          <button type="button" className="kiosk-button secondary" onClick={() => dispatch({ type: 'name', displayName: null })}>
            <Icon name="ticket" />
            <span>{t('name.numberOnly')}</span>
          </button>
        </div>
      </form>
    </ScreenShell>
  );
}
