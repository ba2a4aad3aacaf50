import { useTranslation } from 'react-i18next';
import { directionOf, nativeName } from '../i18n/languages';
import { KioskDialog } from './KioskDialog';

/** Changing language part-way through: every offered language, each named in itself. */
export function LanguageDialog({
  open,
  languages,
  current,
  onChoose,
  onClose,
}: {
  open: boolean;
  languages: string[];
  current: string;
  onChoose: (language: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <KioskDialog open={open} titleId="language-title" onCancel={onClose}>
      <h2 id="language-title">{t('attract.chooseLanguage')}</h2>
      <ul className="language-list" role="list">
        {languages.map((lang) => (
          <li key={lang}>
            <button
              type="button"
              className="kiosk-button tile"
              lang={lang}
              dir={directionOf(lang)}
              aria-pressed={lang === current}
              {...(lang === current ? { 'data-autofocus': true } : {})}
              onClick={() => onChoose(lang)}
            >
              {nativeName(lang)}
            </button>
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" className="kiosk-button secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </KioskDialog>
  );
}
