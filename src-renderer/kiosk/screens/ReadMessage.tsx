import { useTranslation } from 'react-i18next';

/** Where a card or QR read stands on the attract and identify screens. */
export type ReadState = 'idle' | 'reading' | 'unreadable' | 'ticket' | 'slow-down';

/** Always rendered, so screen readers hear the change when a read starts or fails. */
export function ReadMessage({ read }: { read: ReadState }) {
  const { t } = useTranslation();
  const text =
    read === 'reading'
      ? t('identify.reading')
      : read === 'unreadable'
        ? t('identify.readError')
        : read === 'ticket'
          ? t('identify.ticketCode')
          : read === 'slow-down'
            ? t('identify.slowDown')
            : '';
  return (
    <p className={read === 'idle' || read === 'reading' ? 'read-message' : 'read-message problem'} role="status">
      {text}
    </p>
  );
}
