import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQrPayload, MAX_QR_LENGTH, parseQrPayload } from '../../src-shared/devices/qr-payload';

const reasonOf = (raw: unknown) => {
  const result = parseQrPayload(raw);
  return result.ok ? 'accepted' : result.reason;
};

describe('parseQrPayload accepts', () => {
  it('membership ids', () => {
    expect(parseQrPayload('FD1:M:NT000123')).toEqual({ ok: true, payload: { kind: 'member', memberId: 'NT000123' } });
    expect(parseQrPayload('fd1:m:abcd')).toEqual({ ok: true, payload: { kind: 'member', memberId: 'abcd' } });
  });

  it('booking references, upper-cased', () => {
    expect(parseQrPayload('FD1:B:BK-7F3K9Q')).toEqual({ ok: true, payload: { kind: 'booking', reference: 'BK-7F3K9Q' } });
    expect(parseQrPayload('FD1:b:bk-7f3k9q\r\n')).toEqual({ ok: true, payload: { kind: 'booking', reference: 'BK-7F3K9Q' } });
  });

  it('ticket ids, prefixed or as a bare UUID', () => {
    expect(parseQrPayload('FD1:T:3f2a9c1e-0b7d-4e5f-8a6b-1c2d3e4f5a6b')).toEqual({
      ok: true,
      payload: { kind: 'ticket', ticketId: '3f2a9c1e-0b7d-4e5f-8a6b-1c2d3e4f5a6b' },
    });
    expect(parseQrPayload('3F2A9C1E-0B7D-4E5F-8A6B-1C2D3E4F5A6B')).toEqual({
      ok: true,
      payload: { kind: 'ticket', ticketId: '3f2a9c1e-0b7d-4e5f-8a6b-1c2d3e4f5a6b' },
    });
  });

  it('a bare membership number by the default or a given pattern', () => {
    expect(parseQrPayload('00123456')).toEqual({ ok: true, payload: { kind: 'member', memberId: '00123456' } });
    expect(parseQrPayload('12345')).toMatchObject({ ok: false, reason: 'unrecognised' });
    expect(parseQrPayload('NT123456', { bareMemberPattern: /NT[0-9]{6}/g })).toEqual({ ok: true, payload: { kind: 'member', memberId: 'NT123456' } });
    // An unanchored caller pattern still has to match the whole text.
    expect(parseQrPayload('xNT123456', { bareMemberPattern: /NT[0-9]{6}/ })).toMatchObject({ ok: false });
  });

  it('round-trips every payload through formatQrPayload', () => {
    for (const payload of [
      { kind: 'member', memberId: 'NT000123' },
      { kind: 'booking', reference: 'BK-7F3K9Q' },
      { kind: 'ticket', ticketId: '3f2a9c1e-0b7d-4e5f-8a6b-1c2d3e4f5a6b' },
    ] as const) {
      expect(parseQrPayload(formatQrPayload(payload))).toEqual({ ok: true, payload });
    }
    expect(() => formatQrPayload({ kind: 'member', memberId: 'no spaces please' })).toThrow(RangeError);
    expect(() => formatQrPayload({ kind: 'booking', reference: 'lower' })).toThrow(RangeError);
  });
});

describe('parseQrPayload rejects', () => {
  it.each([
    ['https://evil.example/checkin', 'url'],
    ['HTTP://EXAMPLE.COM', 'url'],
    ['www.example.com/x', 'url'],
    ['mailto:someone@example.com', 'url'],
    ['tel:+441234567890', 'url'],
    ['WIFI:S:hub;T:WPA;P:secret;;', 'url'],
    ['file:///etc/passwd', 'url'],
    ['javascript:alert(1)', 'script'],
    ['  JavaScript :alert(1)', 'script'],
    ['vbscript:msgbox(1)', 'script'],
    ['data:text/html,<b>x</b>', 'script'],
    ['<script>alert(1)</script>', 'script'],
    ['<img src=x onerror=alert(1)>', 'script'],
    ['FD1:M:<script>', 'script'],
    ['FD1:M:javascript:alert(1)', 'script'],
    ['1234\x005678', 'control-characters'],
    ['FD1:M:1234\x1b[2J', 'control-characters'],
    ['FD1:M:12\u202e34', 'control-characters'],
    ['FD1:M:12\u200b34', 'control-characters'],
    ['FD1:M:1234\u2028', 'control-characters'],
    ['x'.repeat(MAX_QR_LENGTH + 1), 'too-long'],
    ['', 'empty'],
    [' \r\n\t', 'empty'],
    ['ABC:123', 'unknown-prefix'],
    ['BEGIN:VCARD', 'unknown-prefix'],
    ['FD2:M:NT000123', 'unsupported-version'],
    ['FD1:X:NT000123', 'unknown-type'],
    ['FD1:', 'unknown-type'],
    ['FD1:M:', 'bad-member-id'],
    ['FD1:M:abc', 'bad-member-id'],
    ['FD1:M:NT 000123', 'bad-member-id'],
    ['FD1:M:' + '1'.repeat(33), 'bad-member-id'],
    ['FD1:B:BK--7F3K9Q', 'bad-booking-reference'],
    ['FD1:B:-BK7F3', 'bad-booking-reference'],
    ['FD1:B:AB1', 'bad-booking-reference'],
    ['FD1:T:', 'bad-ticket-id'],
    ['FD1:T:../../etc', 'bad-ticket-id'],
    ['Zażółć gęślą jaźń', 'bad-characters'],
    ['hello world', 'unrecognised'],
    ['5012345678900x', 'unrecognised'],
  ])('%j → %s', (raw, reason) => {
    expect(reasonOf(raw)).toBe(reason);
  });

  it('refuses what is not text', () => {
    expect(reasonOf(null)).toBe('not-text');
    expect(reasonOf(42)).toBe('not-text');
  });

  it('never echoes the scanned text in a rejection', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (raw) => {
        const result = parseQrPayload(`QZX${raw}`);
        if (!result.ok) expect(JSON.stringify(result)).not.toContain('QZX');
      }),
    );
  });

  it('only ever accepts the three payload kinds with well-shaped ids', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ maxLength: 40 }).map((s) => `FD1:${s}`)), (raw) => {
        const result = parseQrPayload(raw);
        if (!result.ok) return;
        const id = 'memberId' in result.payload ? result.payload.memberId : 'reference' in result.payload ? result.payload.reference : result.payload.ticketId;
        expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      }),
    );
  });
});
