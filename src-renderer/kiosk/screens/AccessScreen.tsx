import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChoiceTile } from '../ChoiceTile';
import { accessibilityNeeds, type AccessibilityNeed } from '../journey';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';

/** Hearing loop, step-free access, a quiet place, help with reading: all optional. */
export function AccessScreen() {
  const { t } = useTranslation();
  const { journey, dispatch } = useKiosk();
  const [needs, setNeeds] = useState<AccessibilityNeed[]>(journey.accessibility);
  const toggle = (need: AccessibilityNeed) => setNeeds((prev) => (prev.includes(need) ? prev.filter((n) => n !== need) : [...prev, need]));
  return (
    <ScreenShell
      heading={t('access.title')}
      speech={[t('access.title'), ...accessibilityNeeds.map((n) => t(`access.${n}`))].join('. ')}
      onBack={() => dispatch({ type: 'back' })}
      talk
      actions={
        <button type="button" className="kiosk-button primary" onClick={() => dispatch({ type: 'accessibility', needs })}>
          {needs.length > 0 ? t('common.next') : t('common.skip')}
        </button>
      }
    >
      <p className="lead" id="access-hint">
        {t('access.hint')}
      </p>
      <div className="tile-grid" role="group" aria-labelledby="kiosk-heading" aria-describedby="access-hint">
        {accessibilityNeeds.map((need) => (
          <ChoiceTile key={need} label={t(`access.${need}`)} icon={need} pressed={needs.includes(need)} onClick={() => toggle(need)} />
        ))}
      </div>
    </ScreenShell>
  );
}
