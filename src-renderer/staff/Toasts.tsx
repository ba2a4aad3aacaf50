import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type ToastInput = {
  message: string;
  tone?: 'info' | 'error';
  /** e.g. Undo; pressing it runs `run` and closes the toast. */
  action?: { label: string; run: () => void };
  /** How long it stays; longer when it has an action (staff need time to notice and press it). */
  timeoutMs?: number;
};
export type Toast = ToastInput & { id: number; tone: 'info' | 'error' };

let nextId = 1;

export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback((input: ToastInput) => {
    const toast: Toast = { ...input, tone: input.tone ?? 'info', id: nextId++ };
    // A few at a time: older news goes first, so the queue behind stays visible on a tablet.
    setToasts((list) => [...list.slice(-2), toast]);
    return toast.id;
  }, []);
  return { toasts, show, dismiss };
}

function ToastItem({ toast, dismiss }: { toast: Toast; dismiss: (id: number) => void }) {
  const { t } = useTranslation('staff');
  const ref = useRef<HTMLLIElement>(null);
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timeout = toast.timeoutMs ?? (toast.action ? 20_000 : toast.tone === 'error' ? 12_000 : 6_000);
    const timer = setTimeout(() => dismiss(toast.id), timeout);
    return () => clearTimeout(timer);
  }, [paused, toast, dismiss]);
  return (
    <li
      ref={ref}
      className={`staff-toast staff-toast-${toast.tone}`}
      onFocus={() => setPaused(true)}
      onBlur={(e) => {
        if (!ref.current?.contains(e.relatedTarget as Node | null)) setPaused(false);
      }}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
    >
      <span className="staff-toast-message">{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          className="staff-button staff-button-small"
          onClick={() => {
            toast.action?.run();
            dismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="staff-button staff-button-small staff-button-quiet" aria-label={t('toast.dismiss')} onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </li>
  );
}

/** Results of actions: polite for news, assertive for failures; Undo where an action can be undone. */
export function ToastRegion({ toasts, dismiss }: { toasts: Toast[]; dismiss: (id: number) => void }) {
  const { t: text } = useTranslation('staff');
  return (
    <div className="staff-toasts">
      <div role="status" aria-live="polite" aria-label={text('toast.messages')}>
        <ul>
          {toasts
            .filter((t) => t.tone === 'info')
            .map((t) => (
              <ToastItem key={t.id} toast={t} dismiss={dismiss} />
            ))}
        </ul>
      </div>
      <div role="alert" aria-label={text('toast.problems')}>
        <ul>
          {toasts
            .filter((t) => t.tone === 'error')
            .map((t) => (
              <ToastItem key={t.id} toast={t} dismiss={dismiss} />
            ))}
        </ul>
      </div>
    </div>
  );
}
