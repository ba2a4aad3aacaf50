/**
 * Said when the live channel sent something this screen cannot read (usually: the hub was updated
 * and this page was not). The screen may have missed a change, so it asks to be reloaded instead
 * of going on as if it were up to date. Each face passes its own words and look.
 */
export function NeedsReloadBanner({ message, reloadLabel, className, buttonClassName }: { message: string; reloadLabel: string; className: string; buttonClassName: string }) {
  return (
    <div role="alert" className={`needs-reload ${className}`} data-needs-reload="true">
      <p>{message}</p>
      <button type="button" className={buttonClassName} onClick={() => window.location.reload()}>
        {reloadLabel}
      </button>
    </div>
  );
}
