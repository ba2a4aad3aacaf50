import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';
import { useKiosk, type KioskPrefs } from './kiosk-context';

type ToggleKey = Exclude<keyof KioskPrefs, 'easyRead'>;

function PrefToggle({ pref, icon, label }: { pref: ToggleKey; icon: string; label: string }) {
  const { prefs, setPrefs } = useKiosk();
  const on = prefs[pref];
  return (
    <button type="button" className="kiosk-button tool" aria-pressed={on} onClick={() => setPrefs((p) => ({ ...p, [pref]: !p[pref] }))}>
      <Icon name={icon} />
      <span>{label}</span>
      {/* The state shows as a tick too, never by colour alone. */}
      <span className="tool-state" aria-hidden="true">
        {on ? <Icon name="yes" /> : null}
      </span>
    </button>
  );
}

/** On every screen: a member of staff, bigger text, high contrast, read-aloud and language. */
export function KioskToolbar({ onStaff, onLanguage }: { onStaff: () => void; onLanguage: (() => void) | null }) {
  const { t } = useTranslation();
  const { speech } = useKiosk();
  return (
    <footer className="kiosk-toolbar" aria-label={t('toolbar.label')}>
      <button type="button" className="kiosk-button tool staff" onClick={onStaff}>
        <Icon name="staff" />
        <span>{t('toolbar.staff')}</span>
      </button>
      <PrefToggle pref="largeText" icon="text-size" label={t('toolbar.textSize')} />
      <PrefToggle pref="highContrast" icon="contrast" label={t('toolbar.contrast')} />
      {speech.available && <PrefToggle pref="readAloud" icon="speaker" label={t('toolbar.readAloud')} />}
      {onLanguage && (
        <button type="button" className="kiosk-button tool" onClick={onLanguage}>
          <Icon name="language" />
          <span>{t('toolbar.language')}</span>
        </button>
      )}
    </footer>
  );
}
