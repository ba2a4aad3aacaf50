import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardReaderConfig } from '../../src-shared/config/schema';
import {
  cardRulesOf,
  defaultCardRules,
  luhnValid,
  MAX_RAW_CARD_LENGTH,
  mod11CheckDigit,
  mod11Valid,
  normaliseCard,
  type CardRules,
} from '../../src-shared/devices/card-rules';

const rules = (over: Partial<CardRules> = {}): CardRules => ({ ...defaultCardRules, ...over });

describe('normaliseCard', () => {
  it('accepts a plain card and trims reader whitespace', () => {
    expect(normaliseCard('  00123456\r\n')).toEqual({ ok: true, cardId: '00123456' });
  });

  it('strips the configured prefix and suffix (track 2 sentinels) when present', () => {
    const track2 = rules({ stripPrefix: ';', stripSuffix: '?' });
    expect(normaliseCard(';1234567890?', track2)).toEqual({ ok: true, cardId: '1234567890' });
    expect(normaliseCard('1234567890', track2)).toEqual({ ok: true, cardId: '1234567890' });
    expect(normaliseCard('%B;  1234567890 ?', rules({ stripPrefix: '%B;' , stripSuffix: '?' }))).toEqual({ ok: true, cardId: '1234567890' });
  });

  it('enforces the pattern in full, even when the configured pattern is not anchored', () => {
    expect(normaliseCard('NT-000123', rules({ pattern: 'NT-[0-9]{6}' }))).toEqual({ ok: true, cardId: 'NT-000123' });
    expect(normaliseCard('xxNT-000123', rules({ pattern: 'NT-[0-9]{6}' }))).toMatchObject({ ok: false, reason: 'pattern-mismatch' });
    expect(normaliseCard('abc', rules())).toMatchObject({ ok: false, reason: 'pattern-mismatch' });
    expect(normaliseCard('12 34 56', rules())).toMatchObject({ ok: false, reason: 'pattern-mismatch' });
  });

  it('verifies Luhn check digits', () => {
    const luhn = rules({ checkDigit: 'luhn' });
    expect(normaliseCard('79927398713', luhn)).toEqual({ ok: true, cardId: '79927398713' });
    expect(normaliseCard('79927398710', luhn)).toMatchObject({ ok: false, reason: 'check-digit-failed' });
    expect(normaliseCard('7992739871X', luhn)).toMatchObject({ ok: false, reason: 'check-digit-not-numeric' });
  });

  it('verifies mod 11 check digits as the NHS number does', () => {
    const mod11 = rules({ checkDigit: 'mod11' });
    expect(normaliseCard('9434765919', mod11)).toEqual({ ok: true, cardId: '9434765919' });
    expect(normaliseCard('9434765918', mod11)).toMatchObject({ ok: false, reason: 'check-digit-failed' });
    expect(normaliseCard('94347659AB', mod11)).toMatchObject({ ok: false, reason: 'check-digit-not-numeric' });
    // A payload whose check would be 10 has no valid number at all.
    let payload = 100000000;
    while (mod11CheckDigit(String(payload)) !== null) payload++;
    for (let d = 0; d <= 9; d++) expect(mod11Valid(`${payload}${d}`)).toBe(false);
  });

  it('rejects empty reads', () => {
    for (const raw of ['', '   ', '\r\n', ';?']) {
      expect(normaliseCard(raw, rules({ stripPrefix: ';', stripSuffix: '?' }))).toMatchObject({ ok: false, reason: 'empty' });
    }
  });

  it('rejects binary junk and non-ASCII as bad characters', () => {
    for (const raw of ['1234\x0056', '\x1b[31m1234', '12\x7f34', '1234\u00e9', '12\u202e34', '\ufffd\ufffd\ufffd\ufffd']) {
      expect(normaliseCard(raw)).toMatchObject({ ok: false, reason: 'bad-characters' });
    }
  });

  it('bounds the input before doing any work', () => {
    expect(normaliseCard('1'.repeat(MAX_RAW_CARD_LENGTH + 1))).toMatchObject({ ok: false, reason: 'too-long' });
    expect(normaliseCard('1'.repeat(100), rules({ pattern: '[0-9]+' }))).toMatchObject({ ok: false, reason: 'too-long' });
    expect(normaliseCard('1'.repeat(64), rules({ pattern: '[0-9]+' }))).toMatchObject({ ok: true });
  });

  it('refuses what is not text', () => {
    expect(normaliseCard(undefined)).toMatchObject({ ok: false, reason: 'not-text' });
    expect(normaliseCard(12345678)).toMatchObject({ ok: false, reason: 'not-text' });
  });

  it('never puts the card data in a rejection', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (raw) => {
        const result = normaliseCard(`SECRET${raw}`, rules({ checkDigit: 'luhn' }));
        if (!result.ok) {
          expect(result.detail).not.toContain('SECRET');
          expect(result.reason).not.toContain('SECRET');
        }
      }),
    );
  });

  it('throws on an invalid configured pattern (a config error, found at start)', () => {
    expect(() => normaliseCard('1234', rules({ pattern: '([0-9]' }))).toThrow(SyntaxError);
  });
});

describe('check digit helpers', () => {
  it('luhn agrees with known numbers', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('4')).toBe(false);
  });

  it('every payload with a mod 11 check digit validates with it and no other', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{9}$/), (payload) => {
        const check = mod11CheckDigit(payload);
        for (let d = 0; d <= 9; d++) expect(mod11Valid(`${payload}${d}`)).toBe(check === d);
      }),
    );
  });
});

describe('cardRulesOf', () => {
  it('gives the defaults for the simulator and the configured rules otherwise', () => {
    expect(cardRulesOf(cardReaderConfig.parse({ kind: 'simulator' }))).toEqual(defaultCardRules);
    expect(cardRulesOf(undefined)).toEqual(defaultCardRules);
    const hid = cardReaderConfig.parse({ kind: 'hid', vendorId: '0x0c2e', productId: 1, rules: { checkDigit: 'luhn' } });
    expect(cardRulesOf(hid)).toMatchObject({ checkDigit: 'luhn', pattern: defaultCardRules.pattern });
  });
});
