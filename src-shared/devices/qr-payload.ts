import type { QrPayload } from './types';

/**
 * What a Front Door QR code (or 1-D barcode) may carry, and nothing else. Pure: the serial
 * scanner driver, the kiosk camera and the hub core all parse with this.
 *
 * Accepted formats (surrounding whitespace, e.g. a scanner's CR/LF, is ignored):
 *
 *   FD1:M:<memberId>     membership card or app      memberId  = 4–32 of [A-Za-z0-9]
 *   FD1:B:<reference>    booking confirmation text   reference = 4–20 of [A-Z0-9], single dashes
 *                                                    between groups ("BK-7F3K9Q"); lower case is
 *                                                    upper-cased (references are typed and read aloud)
 *   FD1:T:<ticketId>     a printed Front Door ticket ticketId  = 1–64 of [A-Za-z0-9_-]
 *   <membership number>  a bare number on older cards, matching `bareMemberPattern`
 *                        (default 6–16 digits)
 *   <uuid>               a bare canonical UUID is a ticket id (tickets print their id)
 *
 * "FD1" and the type letter are matched case-insensitively, because keyboard-wedge scanners
 * invert case when Caps Lock is on. "FD1" is the format version: "FD2:…" is refused as
 * unsupported rather than guessed at.
 *
 * Everything else is refused with a reason code: oversize (> MAX_QR_LENGTH), control or
 * invisible formatting characters (incl. bidi overrides), anything that looks like markup or a
 * script URL, any URL or other "scheme:" prefix, unknown versions and types, and ids of the
 * wrong shape. A reason never contains the scanned text: a payload is never displayed or
 * logged raw, only its reason.
 */

export const MAX_QR_LENGTH = 256;

export type QrRejectReason =
  | 'not-text'
  | 'empty'
  | 'too-long'
  | 'control-characters'
  | 'script'
  | 'url'
  | 'unknown-prefix'
  | 'unsupported-version'
  | 'unknown-type'
  | 'bad-member-id'
  | 'bad-booking-reference'
  | 'bad-ticket-id'
  | 'bad-characters'
  | 'unrecognised';

export type QrParseResult = { ok: true; payload: QrPayload } | { ok: false; reason: QrRejectReason; detail: string };

export type QrParseOptions = {
  /** A bare (unprefixed) membership number; anchored. Default: 6–16 digits. */
  bareMemberPattern?: RegExp;
};

const details: Record<QrRejectReason, string> = {
  'not-text': 'the scanner delivered something that is not text',
  empty: 'the code was empty',
  'too-long': `the code is longer than ${MAX_QR_LENGTH} characters`,
  'control-characters': 'the code contains control or invisible characters',
  script: 'the code contains markup or a script',
  url: 'the code is a web address or other link, not a Front Door code',
  'unknown-prefix': 'the code has a prefix Front Door does not know',
  'unsupported-version': 'the code is from a Front Door format version this hub does not support',
  'unknown-type': 'the code is a Front Door code of an unknown type',
  'bad-member-id': 'the membership id in the code has the wrong shape',
  'bad-booking-reference': 'the booking reference in the code has the wrong shape',
  'bad-ticket-id': 'the ticket id in the code has the wrong shape',
  'bad-characters': 'the code contains characters no Front Door code has',
  'unrecognised': 'the code is not a Front Door code',
};

const memberId = /^[A-Za-z0-9]{4,32}$/;
const bookingReference = /^(?=.{4,20}$)[A-Z0-9]+(?:-[A-Z0-9]+)*$/;
const ticketId = /^[A-Za-z0-9_-]{1,64}$/;
const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const defaultBareMember = /^[0-9]{6,16}$/;

// Cc: C0/C1 controls incl. NUL, ESC, DEL; Cf: zero-width and bidi overrides; Zl/Zp: line breaks
// that would split a displayed value.
const invisible = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const scriptLike = /[<>]|(?:java|vb)script\s*:|^\s*data\s*:/i;
const schemePrefix = /^([A-Za-z][A-Za-z0-9+.-]{0,31}):/;
const linkSchemes = new Set(['http', 'https', 'ftp', 'ftps', 'file', 'mailto', 'tel', 'sms', 'smsto', 'mms', 'geo', 'market', 'intent', 'about', 'blob', 'ws', 'wss', 'wifi', 'matmsg', 'bitcoin']);
const frontDoorPrefix = /^FD(\d{1,3}):/i;

function reject(reason: QrRejectReason): QrParseResult {
  return { ok: false, reason, detail: details[reason] };
}

export function parseQrPayload(raw: unknown, options: QrParseOptions = {}): QrParseResult {
  if (typeof raw !== 'string') return reject('not-text');
  // Bounded before any regex runs over it.
  if (raw.length > MAX_QR_LENGTH) return reject('too-long');
  // Only ordinary whitespace at the ends is forgiven (scanner line endings); a NUL or ESC is not.
  const text = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  if (text.length === 0) return reject('empty');
  if (invisible.test(text)) return reject('control-characters');
  if (scriptLike.test(text)) return reject('script');

  const fd = frontDoorPrefix.exec(text);
  if (fd) {
    if (fd[1] !== '1') return reject('unsupported-version');
    return parseVersion1(text.slice(fd[0].length));
  }

  const scheme = schemePrefix.exec(text);
  if (scheme) {
    const name = (scheme[1] ?? '').toLowerCase();
    if (text.slice(scheme[0].length).startsWith('//') || linkSchemes.has(name)) return reject('url');
    return reject('unknown-prefix');
  }
  if (/^www\./i.test(text)) return reject('url');

  const bare = options.bareMemberPattern ?? defaultBareMember;
  if (matchesWhole(bare, text)) return { ok: true, payload: { kind: 'member', memberId: text } };
  if (uuid.test(text)) return { ok: true, payload: { kind: 'ticket', ticketId: text.toLowerCase() } };
  if (!/^[\x20-\x7e]+$/.test(text)) return reject('bad-characters');
  return reject('unrecognised');
}

function parseVersion1(rest: string): QrParseResult {
  const type = rest.slice(0, 2).toUpperCase();
  const value = rest.slice(2);
  switch (type) {
    case 'M:':
      return memberId.test(value) ? { ok: true, payload: { kind: 'member', memberId: value } } : reject('bad-member-id');
    case 'B:': {
      const reference = value.toUpperCase();
      return bookingReference.test(reference) ? { ok: true, payload: { kind: 'booking', reference } } : reject('bad-booking-reference');
    }
    case 'T:':
      return ticketId.test(value) ? { ok: true, payload: { kind: 'ticket', ticketId: value } } : reject('bad-ticket-id');
    default:
      return reject('unknown-type');
  }
}

// A caller's pattern may lack anchors or carry the global flag; neither may loosen the match.
function matchesWhole(pattern: RegExp, text: string): boolean {
  return new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace(/[gy]/g, '')).test(text);
}

/**
 * The canonical text to encode for a payload (what tickets, cards and booking texts print).
 * Throws if the payload would not parse back to itself, so a bad id never gets printed.
 */
export function formatQrPayload(payload: QrPayload): string {
  let text: string;
  switch (payload.kind) {
    case 'member':
      text = `FD1:M:${payload.memberId}`;
      break;
    case 'booking':
      text = `FD1:B:${payload.reference}`;
      break;
    case 'ticket':
      text = `FD1:T:${payload.ticketId}`;
      break;
    default:
      return assertNever(payload);
  }
  const back = parseQrPayload(text);
  if (!back.ok || JSON.stringify(back.payload) !== JSON.stringify(payload)) {
    throw new RangeError(`Cannot encode this ${payload.kind} as a Front Door QR code: ${back.ok ? 'it would not read back the same' : back.detail}`);
  }
  return text;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled QR payload: ${JSON.stringify(value)}`);
}
