import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../src-shared/api/endpoints';
import { call } from '../api/client';
import { Dialog } from './Dialog';
import { slot, splitAtSlot } from './staff-language';

const activityEvents = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove'] as const;

/** Seconds of warning before an idle sign-out: at least 20 (WCAG 2.2.1), at most a minute. */
export function warningSecondsFor(timeoutMinutes: number): number {
  return Math.max(20, Math.min(60, Math.floor((timeoutMinutes * 60) / 4)));
}

/**
 * Signs a shared PC out after the session's idle time. A warning comes first, with a countdown and
 * one button to stay; activity also keeps the hub's side of the session alive (a throttled
 * GET /api/auth/me), so the screen and the hub agree on when it ends.
 */
export function IdleGuard({ timeoutMinutes, onExpire }: { timeoutMinutes: number; onExpire: () => void }) {
  const { t } = useTranslation('staff');
  const timeoutMs = Math.max(1, timeoutMinutes) * 60_000;
  const warningMs = warningSecondsFor(timeoutMinutes) * 1000;
  const lastActivity = useRef(0);
  const lastTouch = useRef(0);
  const expired = useRef(false);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const expire = useRef(onExpire);
  useEffect(() => {
    expire.current = onExpire;
  });

  useEffect(() => {
    lastActivity.current = Date.now();
    lastTouch.current = Date.now();
    const touchServer = () => {
      // Keep the hub's idle clock in step, at most three times per timeout.
      if (Date.now() - lastTouch.current < timeoutMs / 3) return;
      lastTouch.current = Date.now();
      call(endpoints.me, {}).catch(() => {
        // A failed touch is harmless: a session that really ended shows up as a 401 elsewhere.
      });
    };
    const onActivity = (event: Event) => {
      const idleFor = Date.now() - lastActivity.current;
      // Once the warning shows, only a deliberate action (not a mouse drifting) keeps the session.
      if (event.type === 'mousemove' && idleFor >= timeoutMs - warningMs) return;
      lastActivity.current = Date.now();
      touchServer();
    };
    for (const name of activityEvents) window.addEventListener(name, onActivity, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (expired.current) return;
      const left = timeoutMs - (Date.now() - lastActivity.current);
      if (left <= 0) {
        expired.current = true;
        setSecondsLeft(null);
        expire.current();
      } else if (left <= warningMs) {
        setSecondsLeft(Math.ceil(left / 1000));
      } else {
        setSecondsLeft(null);
      }
    }, 1000);
    return () => {
      clearInterval(timer);
      for (const name of activityEvents) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [timeoutMs, warningMs]);

  if (secondsLeft === null) return null;
  const [before, after] = splitAtSlot(t('idle.body', { seconds: slot }));
  const [beforeCount, afterCount] = splitAtSlot(t('idle.seconds', { number: slot }));
  const stay = () => {
    lastActivity.current = Date.now();
    lastTouch.current = 0;
    setSecondsLeft(null);
    call(endpoints.me, {}).catch(() => {});
  };
  return (
    <Dialog
      title={t('idle.title')}
      role="alertdialog"
      onClose={stay}
      description={
        <p>
          {before}
          <strong>
            {beforeCount}
            <span className="staff-countdown">{secondsLeft}</span>
            {afterCount}
          </strong>
          {after}
        </p>
      }
    >
      <div className="staff-dialog-actions">
        <button type="button" className="staff-button staff-button-primary" autoFocus onClick={stay}>
          {t('idle.stay')}
        </button>
      </div>
    </Dialog>
  );
}
