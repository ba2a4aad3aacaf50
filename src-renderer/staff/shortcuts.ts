import { useEffect, useRef } from 'react';

export type Shortcut = { key: string; run: () => void; enabled?: boolean };

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
}

/**
 * Single-key shortcuts for the frequent actions (N, R, S, F…). They stay quiet while someone types
 * in a field, while a dialog is open, and with Ctrl, Alt or Meta held (the browser's own keys),
 * and can be switched off (WCAG 2.1.4), e.g. for speech input users.
 */
export function useShortcuts(shortcuts: readonly Shortcut[], enabled = true): void {
  const current = useRef(shortcuts);
  useEffect(() => {
    current.current = shortcuts;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
      if (typingInto(event.target) || document.querySelector('dialog[open]')) return;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const shortcut = current.current.find((s) => s.key.toLowerCase() === key.toLowerCase());
      if (!shortcut || shortcut.enabled === false) return;
      event.preventDefault();
      shortcut.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
