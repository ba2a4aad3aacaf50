/**
 * Keyboard-wedge burst detection.
 *
 * A wedge card reader or barcode scanner "types" its data as keystrokes, far faster than a
 * person: measured here, a scripted burst has gaps of p50 2 ms, p99 ~18 ms and max ~30 ms, so a
 * max-gap rule splits real bursts. This detector judges the *average* time per character over
 * a run of at least `minLength` characters, ended by `endKey` (default Enter) or by a quiet gap.
 *
 * Pure and clock-free: the caller stamps every key with `at` (ms, any monotonic-ish base) and
 * calls `tick(now)` on the same base. It runs in the kiosk page (keydown listener) and in the
 * Electron main process (`before-input-event`) alike.
 *
 * ## Why keys are held
 * The first keystroke of a burst looks exactly like a person's. So every printable key is *held*
 * (the caller prevents its default action, so it never lands in a focused text field) for as
 * long as a burst is still possible. Then either
 *   - the keys become a `scan` (the caller keeps them out of the field for good), or
 *   - they are `release`d as human typing, in their original order, and the caller inserts them
 *     where they would have gone (browser: `document.execCommand('insertText')` or `setRangeText`
 *     on the focused field; Electron main: `webContents.insertText(text)`).
 * A person's keystroke is held for at most `quietGapMs` (default 100 ms) when typing slowly, and
 * at most `maxAverageMsPerChar × minLength` (default 240 ms) when typing fast.
 *
 * ## Using it in a page
 * ```ts
 * const wedge = createWedgeDetector({ maxAverageMsPerChar: 40, minLength: 6 });
 * let timer: number | undefined;
 * const apply = (outputs: WedgeOutput[]) => {
 *   for (const o of outputs) o.type === 'scan' ? onScan(o.text) : insertIntoFocusedField(o.text);
 * };
 * const reschedule = () => {
 *   clearTimeout(timer);
 *   const due = wedge.deadline();
 *   if (due !== null) timer = setTimeout(() => { apply(wedge.tick(performance.now())); reschedule(); }, due - performance.now());
 * };
 * window.addEventListener('keydown', (e) => {
 *   const d = wedge.feed({ key: e.key, at: e.timeStamp, repeat: e.repeat, modified: e.ctrlKey || e.altKey || e.metaKey });
 *   if (d.suppress) e.preventDefault();
 *   apply(d.outputs); // releases go in *before* this key's own default action, so order holds
 *   reschedule();
 * }, { capture: true });
 * ```
 * Call `flush()` when focus moves or the page hides, so held typing is never lost.
 *
 * ## Rules
 * - Printable keys (one character) form the candidate burst. Modifier-only keys (Shift,
 *   CapsLock…) are ignored: scanners press Shift for capitals. Any other named key (Tab,
 *   Backspace, arrows…), an auto-repeated key, or a key with Ctrl/Alt/Meta breaks the candidate:
 *   held keys are released and the key passes.
 * - The candidate stays possible while `span ≤ maxAverageMsPerChar × max(n, minLength)` where
 *   span is the time from its first to its last key and n its length; when it stops being
 *   possible, its oldest keys are released one by one until it is possible again.
 * - A gap of `quietGapMs` or more ends the candidate ("quiet-gap").
 * - It is a scan when it has at least `minLength` characters and its average time per character
 *   is at most `maxAverageMsPerChar`: (end key time − first key time) / n when ended by the end
 *   key, (last − first) / (n − 1) when ended by a quiet gap. Leading keys separated from the rest
 *   by more than twice the allowed average are a person's and are released first.
 * - Candidates never exceed `maxLength` characters (bounded memory); the oldest keys go first.
 * - A key stamped earlier than the previous one (clock skew) counts as simultaneous with it.
 */

export type WedgeKeyEvent = {
  /** `KeyboardEvent.key` in a page, `Input.key` in Electron: "a", "7", "Enter", "Shift"… */
  key: string;
  /** When the key went down, in ms, on the same clock as `tick(now)`. */
  at: number;
  /** The key is auto-repeating because it is held down: never part of a burst. */
  repeat?: boolean;
  /** Ctrl, Alt or Meta is held: a shortcut, never part of a burst. */
  modified?: boolean;
};

export type WedgeOptions = {
  /** Largest average time per character of a burst, ms. Default 40. */
  maxAverageMsPerChar?: number;
  /** Fewest characters a burst has (a scan never is shorter). Default 6. */
  minLength?: number;
  /** The key a reader sends after its data. Default "Enter". */
  endKey?: string;
  /** A pause this long ends a candidate burst, ms. Default 100 (bursts measured ≤ 30 ms gaps). */
  quietGapMs?: number;
  /** Most characters held at once. Default 256. */
  maxLength?: number;
};

export type WedgeOutput =
  | {
      type: 'scan';
      /** The characters of the burst, without the end key. */
      text: string;
      keys: WedgeKeyEvent[];
      endedBy: 'end-key' | 'quiet-gap';
      averageMsPerChar: number;
    }
  | {
      /** Held keys that turned out to be a person typing: insert `text` where they would have gone. */
      type: 'release';
      text: string;
      keys: WedgeKeyEvent[];
    };

export type WedgeDecision = {
  /** Prevent the key's default action: it is held, part of a scan, or the end key of a scan. */
  suppress: boolean;
  /** What became of earlier keys, in order; apply before the key's own default action. */
  outputs: WedgeOutput[];
};

export type WedgeDetector = {
  readonly options: Readonly<Required<WedgeOptions>>;
  /** Feed one keydown. */
  feed(event: WedgeKeyEvent): WedgeDecision;
  /** Ends a candidate whose quiet gap has passed by `now`. Call at `deadline()`. */
  tick(now: number): WedgeOutput[];
  /** When `tick` next has work, or null when nothing is held. */
  deadline(): number | null;
  /** Keys currently held. */
  held(): readonly WedgeKeyEvent[];
  /** Releases everything held as typing (focus moved, page hidden, reader stopped). */
  flush(): WedgeOutput[];
};

export const defaultWedgeOptions: Readonly<Required<WedgeOptions>> = Object.freeze({
  maxAverageMsPerChar: 40,
  minLength: 6,
  endKey: 'Enter',
  quietGapMs: 100,
  maxLength: 256,
});

const modifierKeys = new Set(['Shift', 'CapsLock', 'Control', 'Alt', 'AltGraph', 'Meta', 'OS', 'Fn', 'FnLock', 'NumLock', 'ScrollLock', 'Hyper', 'Super', 'Symbol', 'SymbolLock']);

function isPrintable(key: string): boolean {
  // One code point: "a", "£", "€" or an astral character; named keys are longer.
  return key.length > 0 && [...key].length === 1;
}

function positive(name: string, value: number, integer: boolean): number {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(`wedge option ${name} must be a positive ${integer ? 'integer' : 'number'}, got ${String(value)}`);
  }
  return value;
}

export function createWedgeDetector(options: WedgeOptions = {}): WedgeDetector {
  const o: Required<WedgeOptions> = { ...defaultWedgeOptions, ...stripUndefined(options) };
  positive('maxAverageMsPerChar', o.maxAverageMsPerChar, false);
  positive('minLength', o.minLength, true);
  positive('quietGapMs', o.quietGapMs, false);
  positive('maxLength', o.maxLength, true);
  if (o.maxLength < o.minLength) throw new RangeError('wedge option maxLength must be at least minLength');
  if (o.endKey.length === 0) throw new RangeError('wedge option endKey must not be empty');
  const settings = Object.freeze(o);

  let held: WedgeKeyEvent[] = [];

  const textOf = (keys: readonly WedgeKeyEvent[]) => keys.map((k) => k.key).join('');
  const release = (keys: WedgeKeyEvent[]): WedgeOutput => ({ type: 'release', text: textOf(keys), keys });
  const lastAt = () => held[held.length - 1]?.at ?? Number.NEGATIVE_INFINITY;

  function possible(keys: readonly WedgeKeyEvent[]): boolean {
    const first = keys[0];
    const last = keys[keys.length - 1];
    if (!first || !last) return true;
    return last.at - first.at <= settings.maxAverageMsPerChar * Math.max(keys.length, settings.minLength);
  }

  /** Ends the held candidate: a scan if it qualifies, else released as typing. */
  function finish(endAt: number, endedBy: 'end-key' | 'quiet-gap'): WedgeOutput[] {
    const keys = held;
    held = [];
    if (keys.length === 0) return [];
    let start = 0;
    // A person's key just before a burst sits apart from it by far more than the burst's pace.
    while (
      start < keys.length - 1 &&
      keys.length - start - 1 >= settings.minLength &&
      (keys[start + 1]?.at ?? 0) - (keys[start]?.at ?? 0) > 2 * settings.maxAverageMsPerChar
    ) {
      start++;
    }
    const burst = keys.slice(start);
    const n = burst.length;
    const firstAt = burst[0]?.at ?? endAt;
    const span = (endedBy === 'end-key' ? endAt : (burst[n - 1]?.at ?? endAt)) - firstAt;
    const average = span / Math.max(1, endedBy === 'end-key' ? n : n - 1);
    if (n < settings.minLength || average > settings.maxAverageMsPerChar) return [release(keys)];
    const outputs: WedgeOutput[] = [];
    if (start > 0) outputs.push(release(keys.slice(0, start)));
    outputs.push({ type: 'scan', text: textOf(burst), keys: burst, endedBy, averageMsPerChar: average });
    return outputs;
  }

  function tick(now: number): WedgeOutput[] {
    if (held.length > 0 && now - lastAt() >= settings.quietGapMs) return finish(lastAt(), 'quiet-gap');
    return [];
  }

  function breakCandidate(): WedgeOutput[] {
    if (held.length === 0) return [];
    const keys = held;
    held = [];
    return [release(keys)];
  }

  function feed(event: WedgeKeyEvent): WedgeDecision {
    const at = held.length > 0 ? Math.max(event.at, lastAt()) : event.at;
    const outputs = tick(at);
    const { key } = event;

    if (modifierKeys.has(key)) return { suppress: false, outputs };

    if (key === settings.endKey && !event.repeat && !event.modified) {
      if (held.length === 0) return { suppress: false, outputs };
      const ended = finish(at, 'end-key');
      outputs.push(...ended);
      return { suppress: ended.some((x) => x.type === 'scan'), outputs };
    }

    if (!isPrintable(key) || event.repeat || event.modified) {
      outputs.push(...breakCandidate());
      return { suppress: false, outputs };
    }

    held.push(at === event.at ? event : { ...event, at });
    const dropped: WedgeKeyEvent[] = [];
    while (held.length > settings.maxLength || !possible(held)) {
      const head = held.shift();
      if (head) dropped.push(head);
    }
    if (dropped.length > 0) outputs.push(release(dropped));
    return { suppress: true, outputs };
  }

  return {
    options: settings,
    feed,
    tick,
    deadline: () => (held.length > 0 ? lastAt() + settings.quietGapMs : null),
    held: () => held.slice(),
    flush: breakCandidate,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
