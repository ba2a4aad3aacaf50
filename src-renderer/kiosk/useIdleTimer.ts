import { useEffect, useEffectEvent, useRef, useState } from 'react';

/** What counts as the resident still being there. Pointer moves do not: a touchscreen has none. */
const activityEvents = ['pointerdown', 'keydown', 'input', 'wheel'] as const;

export type IdleTimer = {
  /** The "Do you need more time?" prompt is showing. */
  warning: boolean;
  /** Seconds left before the reset while the prompt shows. */
  secondsLeft: number;
  /** The resident asked for more time: hide the prompt and start counting again. */
  stillHere: () => void;
};

/**
 * Inactivity for a public kiosk (WCAG 2.2.1): after `warnAfterMs` without a touch or key the
 * prompt shows; after `resetAfterMs` more, `onTimeout` clears everything for the next person.
 * With `prompt: false` (the ticket screen) the timeout comes straight after `warnAfterMs`.
 * Plain timers, so tests can fast-forward them with a fake clock.
 */
export function useIdleTimer(options: {
  enabled: boolean;
  warnAfterMs: number;
  resetAfterMs: number;
  prompt: boolean;
  onTimeout: () => void;
}): IdleTimer {
  const { enabled, warnAfterMs, resetAfterMs, prompt } = options;
  const [warning, setWarning] = useState(false);
  const [secondsLeft, setSecondsLeft] = useState(Math.ceil(resetAfterMs / 1000));
  const rearm = useRef<(() => void) | null>(null);
  const timeout = useEffectEvent(() => options.onTimeout());

  useEffect(() => {
    if (!enabled) return;
    let warnTimer: ReturnType<typeof setTimeout> | undefined;
    let resetTimer: ReturnType<typeof setTimeout> | undefined;
    let ticker: ReturnType<typeof setInterval> | undefined;
    let warned = false;

    const clear = () => {
      clearTimeout(warnTimer);
      clearTimeout(resetTimer);
      clearInterval(ticker);
    };
    const warn = () => {
      if (!prompt) {
        timeout();
        return;
      }
      warned = true;
      const deadline = Date.now() + resetAfterMs;
      setSecondsLeft(Math.ceil(resetAfterMs / 1000));
      setWarning(true);
      ticker = setInterval(() => setSecondsLeft(Math.max(0, Math.ceil((deadline - Date.now()) / 1000))), 1000);
      resetTimer = setTimeout(() => {
        clear();
        warned = false;
        setWarning(false);
        timeout();
      }, resetAfterMs);
    };
    const arm = () => {
      clear();
      if (warned) {
        warned = false;
        setWarning(false);
      }
      warnTimer = setTimeout(warn, warnAfterMs);
    };
    // While the prompt shows, only its own buttons decide: a stray touch must not hide it unread.
    const onActivity = () => {
      if (!warned) arm();
    };

    rearm.current = arm;
    warnTimer = setTimeout(warn, warnAfterMs);
    for (const type of activityEvents) window.addEventListener(type, onActivity, { capture: true, passive: true });
    return () => {
      clear();
      rearm.current = null;
      for (const type of activityEvents) window.removeEventListener(type, onActivity, { capture: true });
      if (warned) setWarning(false);
    };
  }, [enabled, warnAfterMs, resetAfterMs, prompt]);

  return { warning: enabled && warning, secondsLeft, stillHere: () => rearm.current?.() };
}
