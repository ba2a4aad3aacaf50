import { useTranslation } from 'react-i18next';

/**
 * Where a card or QR read stands on the attract and identify screens. `checkedIn`: the resident
 * scanned their own ticket and their visit is still open.
 */
export type ReadState = 'idle' | 'reading' | 'unreadable' | 'ticket' | 'slow-down' | { checkedIn: { number: string; estimatedWaitMinutes: number } };

/** Always rendered, so screen readers hear the change when a read starts or fails. */
export function ReadMessage({ read }: { read: ReadState }) {
  const { t } = useTranslation();
  let text = '';
  if (typeof read === 'object') {
    const { number, estimatedWaitMinutes } = read.checkedIn;
    text = t('identify.alreadyCheckedIn', { number });
    if (estimatedWaitMinutes > 0) text += ` ${t('summary.wait', { count: estimatedWaitMinutes })}`;
  } else if (read === 'reading') text = t('identify.reading');
  else if (read === 'unreadable') text = t('identify.readError');
  else if (read === 'ticket') text = t('identify.ticketCode');
  else if (read === 'slow-down') text = t('identify.slowDown');
  return (
    <p className={read === 'idle' || read === 'reading' ? 'read-message' : 'read-message problem'} role="status">
      {text}
    </p>
  );
}
