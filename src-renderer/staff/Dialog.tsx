import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the native <dialog>: focus moves in and is kept there, the page behind is
 * inert to keyboard and screen reader, Escape closes it, and focus returns where it was.
 */
export function Dialog({
  title,
  onClose,
  children,
  role,
  className,
  description,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** "alertdialog" for warnings that need an answer (idle sign-out, cancel a ticket). */
  role?: 'dialog' | 'alertdialog';
  className?: string;
  description?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (returnTo?.isConnected) returnTo.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`staff-dialog ${className ?? ''}`}
      aria-labelledby={titleId}
      {...(description ? { 'aria-describedby': descriptionId } : {})}
      {...(role === 'alertdialog' ? { role: 'alertdialog' } : {})}
    >
      <h2 id={titleId}>{title}</h2>
      {description && (
        <div id={descriptionId} className="staff-dialog-description">
          {description}
        </div>
      )}
      {children}
    </dialog>
  );
}
