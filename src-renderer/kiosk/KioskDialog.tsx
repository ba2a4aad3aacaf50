import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the native <dialog>: the browser keeps focus inside it, makes the rest of the
 * screen inert for touch, keyboard and screen readers, and returns focus when it closes.
 */
export function KioskDialog({
  open,
  titleId,
  describedBy,
  role,
  onCancel,
  children,
}: {
  open: boolean;
  titleId: string;
  describedBy?: string;
  role?: 'alertdialog';
  /** Escape (or a close request from the platform). */
  onCancel: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // The first button is the safe, expected answer; put focus there rather than on the text.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="kiosk-dialog"
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      role={role}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {open && children}
    </dialog>
  );
}
