import { cameraQrEvent } from './CameraQr';
import { useEffect, useEffectEvent } from 'react';
import type { IdentifyResponse } from '../../src-shared/api/contract';
import { endpoints } from '../../src-shared/api/endpoints';
import { parseQrPayload } from '../../src-shared/devices/qr-payload';
import { createWedgeDetector, type WedgeOutput } from '../../src-shared/devices/wedge';
import { ApiRequestError, call } from '../api/client';
import { connectLive } from '../api/live';

export type ReadOutcome =
  | { ok: true; identity: IdentifyResponse }
  /** `ticket`: a printed ticket was scanned; `slow-down`: the hub's rate limit; `unreadable`: anything else that failed. */
  | { ok: false; reason: 'unreadable' | 'ticket' | 'slow-down' };

type TextField = HTMLInputElement | HTMLTextAreaElement;

function focusedTextField(): TextField | null {
  const el = document.activeElement;
  if (el instanceof HTMLTextAreaElement) return el;
  if (el instanceof HTMLInputElement && ['text', 'search', 'tel', 'email', 'url', 'number', ''].includes(el.type)) return el;
  return null;
}

/** Puts typing the wedge detector held back into the field it was meant for. */
function insertTyped(text: string): void {
  const field = focusedTextField();
  if (!field || text === '') return;
  // execCommand keeps undo and fires the input event React listens to; setRangeText is the fallback.
  if (document.execCommand('insertText', false, text)) return;
  field.setRangeText(text, field.selectionStart ?? field.value.length, field.selectionEnd ?? field.value.length, 'end');
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * A keyboard-wedge burst is a QR code when it carries a Front Door prefix (or any "scheme:"), and
 * a card otherwise: bare numbers are cards here, since wedge card readers type exactly that.
 */
function methodOf(raw: string): 'card' | 'qr' {
  const qr = parseQrPayload(raw, { bareMemberPattern: /(?!)/ });
  return qr.ok || /^\s*[A-Za-z][A-Za-z0-9+.-]*:/.test(raw) ? 'qr' : 'card';
}

function isTicketCode(raw: string): boolean {
  const qr = parseQrPayload(raw);
  return qr.ok && qr.payload.kind === 'ticket';
}

/**
 * Cards and QR codes, from wherever they are read: devices on the hub (HID, serial, simulator)
 * arrive over the live channel already identified; a keyboard-wedge reader types into this page
 * and its burst is identified here. Reads only count while `listening` (attract and identify
 * screens); at other times a burst is swallowed so a card number never lands in a text field.
 */
export function useReaders(options: {
  listening: boolean;
  onReading: () => void;
  onRead: (outcome: ReadOutcome) => void;
  /** The live channel sent what this kiosk cannot read: reads from the hub's devices may be lost until it reloads. */
  onUnreadable?: () => void;
}): void {
  const deliver = useEffectEvent((outcome: ReadOutcome) => {
    if (options.listening) options.onRead(outcome);
  });
  const unreadable = useEffectEvent(() => options.onUnreadable?.());
  const scanned = useEffectEvent((raw: string) => {
    if (!options.listening) return;
    options.onReading();
    const method = methodOf(raw);
    call(endpoints.identify, { body: { method, raw: raw.slice(0, method === 'card' ? 256 : 1024) } }).then(
      (identity) => deliver({ ok: true, identity }),
      (error: unknown) => {
        const code = error instanceof ApiRequestError ? error.code : null;
        const ticket = code === 'QR_REJECTED' && isTicketCode(raw);
        deliver({ ok: false, reason: ticket ? 'ticket' : code === 'RATE_LIMITED' ? 'slow-down' : 'unreadable' });
      },
    );
  });

  useEffect(
    () =>
      connectLive({
        onState: () => {},
        onUnreadable: () => unreadable(),
        onMessage: (message) => {
          if (message.kind !== 'reader') return;
          const { outcome } = message;
          if (outcome.ok) deliver({ ok: true, identity: outcome.identity });
          else deliver({ ok: false, reason: 'unreadable' });
        },
      }),
    [],
  );

  useEffect(() => {
    const wedge = createWedgeDetector();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const apply = (outputs: WedgeOutput[]) => {
      for (const output of outputs) {
        if (output.type === 'scan') scanned(output.text);
        else insertTyped(output.text);
      }
    };
    const reschedule = () => {
      clearTimeout(timer);
      const due = wedge.deadline();
      if (due === null) return;
      timer = setTimeout(() => {
        apply(wedge.tick(performance.now()));
        reschedule();
      }, Math.max(0, due - performance.now()));
    };
    const onKeyDown = (event: KeyboardEvent) => {
      // Space on a focused button is a person pressing it, never part of a card number.
      if (event.key === ' ' && !focusedTextField()) {
        apply(wedge.flush());
        return;
      }
      const decision = wedge.feed({ key: event.key, at: event.timeStamp, repeat: event.repeat, modified: event.ctrlKey || event.altKey || event.metaKey });
      if (decision.suppress) event.preventDefault();
      apply(decision.outputs);
      reschedule();
    };
    const flush = () => {
      clearTimeout(timer);
      apply(wedge.flush());
    };
    const onCamera = (event: Event) => {
      const text = (event as CustomEvent<unknown>).detail;
      if (typeof text === 'string') scanned(text);
    };
    window.addEventListener(cameraQrEvent, onCamera);
    window.addEventListener('keydown', onKeyDown, { capture: true });
    window.addEventListener('blur', flush);
    document.addEventListener('visibilitychange', flush);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      window.removeEventListener(cameraQrEvent, onCamera);
      window.removeEventListener('blur', flush);
      document.removeEventListener('visibilitychange', flush);
    };
  }, []);
}
