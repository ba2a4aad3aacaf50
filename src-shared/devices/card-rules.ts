import type { z } from 'zod';
import type { cardReaderConfig, cardRules } from '../config/schema';

/**
 * Card normalisation: turns what a reader delivered (HID decode, wedge burst, simulator, or the
 * kiosk page) into the card id the hub stores, by the hub's configured rules. Pure: runs in the
 * page and in the core.
 *
 * Order of the rules:
 *   1. the raw string is refused above MAX_RAW_CARD_LENGTH before any other work (bounded input);
 *   2. surrounding whitespace (incl. a trailing CR/LF or Tab some readers send) is trimmed;
 *   3. `stripPrefix` / `stripSuffix` are removed when present (e.g. the ";" and "?" sentinels of
 *      magnetic track 2) — a card without them is still accepted, readers differ;
 *   4. what is left must be printable ASCII and at most MAX_CARD_ID_LENGTH characters;
 *   5. it must match `pattern` in full (the pattern is anchored even if the config forgot to);
 *   6. the check digit (last character) is verified: `luhn`, or `mod11` as the NHS number uses it
 *      (weights 2, 3, 4… from the right of the payload, check = 11 − sum mod 11, 11 → 0, and a
 *      result of 10 means no valid number).
 *
 * A rejection carries a reason code a screen can translate and a sentence for logs; neither ever
 * contains the card data, which is personal data.
 */

export type CardRules = z.output<typeof cardRules>;
export type CardReaderConfig = z.output<typeof cardReaderConfig>;

export const MAX_RAW_CARD_LENGTH = 256;
export const MAX_CARD_ID_LENGTH = 64;

export const defaultCardRules: CardRules = Object.freeze({
  stripPrefix: '',
  stripSuffix: '',
  pattern: '^[0-9A-Za-z]{4,32}$',
  checkDigit: 'none',
});

export type CardRejectReason =
  | 'not-text'
  | 'empty'
  | 'too-long'
  | 'bad-characters'
  | 'pattern-mismatch'
  | 'check-digit-not-numeric'
  | 'check-digit-failed';

export type CardNormaliseResult =
  | { ok: true; cardId: string }
  | { ok: false; reason: CardRejectReason; detail: string };

const details: Record<CardRejectReason, string> = {
  'not-text': 'the reader delivered something that is not text',
  empty: 'the card read was empty',
  'too-long': 'the card read is longer than any card the hub accepts',
  'bad-characters': 'the card read contains characters no card number has',
  'pattern-mismatch': 'the card number does not have the shape configured for this hub',
  'check-digit-not-numeric': 'the card number must be all digits for its check digit scheme',
  'check-digit-failed': 'the card number check digit is wrong (a misread or a card of another scheme)',
};

/** The rules a card reader config implies; the simulator has none of its own and uses the defaults. */
export function cardRulesOf(config: CardReaderConfig | undefined): CardRules {
  if (!config || config.kind === 'simulator') return defaultCardRules;
  return config.rules;
}

// Compiling a RegExp per card is cheap, but a cache keeps a bad pattern from being rebuilt per read.
const compiled = new Map<string, RegExp>();

/**
 * Compiles a configured pattern, anchored so a pattern like "[0-9]{6}" cannot match inside a longer
 * string. Throws a SyntaxError naming the problem for an invalid pattern: a config error, found at start.
 */
export function compileCardPattern(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`);
    if (compiled.size > 32) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex;
}

function reject(reason: CardRejectReason): CardNormaliseResult {
  return { ok: false, reason, detail: details[reason] };
}

export function normaliseCard(raw: unknown, rules: CardRules = defaultCardRules): CardNormaliseResult {
  if (typeof raw !== 'string') return reject('not-text');
  if (raw.length > MAX_RAW_CARD_LENGTH) return reject('too-long');
  let text = raw.trim();
  if (rules.stripPrefix && text.startsWith(rules.stripPrefix)) text = text.slice(rules.stripPrefix.length);
  if (rules.stripSuffix && text.endsWith(rules.stripSuffix)) text = text.slice(0, text.length - rules.stripSuffix.length);
  text = text.trim();
  if (text.length === 0) return reject('empty');
  if (!/^[\x20-\x7e]+$/.test(text)) return reject('bad-characters');
  if (text.length > MAX_CARD_ID_LENGTH) return reject('too-long');
  if (!compileCardPattern(rules.pattern).test(text)) return reject('pattern-mismatch');
  switch (rules.checkDigit) {
    case 'none':
      break;
    case 'luhn':
      if (!/^[0-9]{2,}$/.test(text)) return reject('check-digit-not-numeric');
      if (!luhnValid(text)) return reject('check-digit-failed');
      break;
    case 'mod11':
      if (!/^[0-9]{2,}$/.test(text)) return reject('check-digit-not-numeric');
      if (!mod11Valid(text)) return reject('check-digit-failed');
      break;
    default:
      return assertNever(rules.checkDigit);
  }
  return { ok: true, cardId: text };
}

/** Luhn (ISO/IEC 7812): the last digit makes the doubled-alternate digit sum a multiple of 10. */
export function luhnValid(digits: string): boolean {
  if (!/^[0-9]{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The check digit mod 11 gives a payload, or null when the scheme allows no number with it. */
export function mod11CheckDigit(payload: string): number | null {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    const weight = payload.length - i + 1;
    sum += (payload.charCodeAt(i) - 48) * weight;
  }
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** Mod 11 as in the NHS number: e.g. 9434765919 is valid. */
export function mod11Valid(digits: string): boolean {
  if (!/^[0-9]{2,}$/.test(digits)) return false;
  const check = mod11CheckDigit(digits.slice(0, -1));
  return check !== null && check === digits.charCodeAt(digits.length - 1) - 48;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled check digit scheme: ${String(value)}`);
}
