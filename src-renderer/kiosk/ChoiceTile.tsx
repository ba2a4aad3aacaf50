import { Icon } from './Icon';

/**
 * A large answer button. `pressed` is shown with a tick and a thicker border as well as colour,
 * and announced as pressed; single-choice answers move on as soon as they are tapped.
 */
export function ChoiceTile({
  label,
  detail,
  icon,
  pressed,
  disabled,
  lang,
  dir,
  onClick,
}: {
  label: string;
  detail?: string;
  icon?: string | undefined;
  pressed: boolean;
  disabled?: boolean;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  onClick: () => void;
}) {
  return (
    <button type="button" className="kiosk-button tile" aria-pressed={pressed} disabled={disabled} lang={lang} dir={dir} onClick={onClick}>
      {icon && <Icon name={icon} className="tile-icon" />}
      <span className="tile-text">
        <span className="tile-label">{label}</span>
        {detail && <span className="tile-detail">{detail}</span>}
      </span>
      <span className="tile-check" aria-hidden="true">
        {pressed ? <Icon name="yes" /> : null}
      </span>
    </button>
  );
}
