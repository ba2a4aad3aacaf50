import { describe, expect, it } from 'vitest';
import { atSentenceStart, atWordStart, deleteLastGrapheme, showsCapitals, typeKey, typeSpace } from '../../src-shared/keyboard/editing';
import { isCombining, keyCase, keyboardFor, type KeyboardLayout } from '../../src-shared/keyboard/layouts';
import { loadSampleHub } from '../helpers/hub-fixture';

/** The on-screen keyboard's layouts per language, and what its keys do to a field's text. */

const keysOf = (layout: KeyboardLayout, layer?: number): string[] => (layer === undefined ? layout.layers.flat(2) : (layout.layers[layer] ?? []).flat());

describe('a layout per language', () => {
  it("follows the resident's language, with Latin beside a script that is not Latin", () => {
    const pick = (lang: string) => {
      const { own, latin } = keyboardFor(lang);
      return [own.id, own.dir, latin?.id ?? null];
    };
    expect(pick('en')).toEqual(['latin', 'ltr', null]);
    expect(pick('pl')).toEqual(['latin-pl', 'ltr', null]);
    expect(pick('ro')).toEqual(['latin-ro', 'ltr', null]);
    expect(pick('uk')).toEqual(['cyrillic-uk', 'ltr', 'latin']);
    expect(pick('ar')).toEqual(['arabic-ar', 'rtl', 'latin']);
    expect(pick('ckb')).toEqual(['arabic-ckb', 'rtl', 'latin']);
    expect(pick('bn')).toEqual(['bengali-bn', 'ltr', 'latin']);
    expect(pick('zh-Hans')).toEqual(['latin-zh', 'ltr', null]);
    expect(pick('fr-CA')).toEqual(['latin', 'ltr', null]);
  });

  it('gives every language the sample hub offers a layout', () => {
    for (const lang of loadSampleHub().languages.offered) expect(keysOf(keyboardFor(lang).own).length, lang).toBeGreaterThan(20);
  });

  it('puts Polish and Romanian letters on the first layer, and every accent a step away', () => {
    expect(keysOf(keyboardFor('pl').own, 0)).toEqual(expect.arrayContaining([...'ąćęłńóśźż']));
    expect(keysOf(keyboardFor('ro').own, 0)).toEqual(expect.arrayContaining([...'ăâîșț']));
    // Comma below (ș ț), not cedilla: the letters Romanian is written with.
    expect(keysOf(keyboardFor('ro').own, 0)).not.toContain('ş');
    expect(keysOf(keyboardFor('en').own, 1)).toEqual(expect.arrayContaining([...'ąćęłńóśźżăâîșțüéñ']));
  });

  it('has the Ukrainian letters і ї є ґ and the apostrophe', () => {
    expect(keysOf(keyboardFor('uk').own)).toEqual(expect.arrayContaining(['і', 'ї', 'є', 'ґ', "'"]));
    expect(keysOf(keyboardFor('uk').own)).toEqual(expect.arrayContaining([...'йцукенгшщзхфвапролджячсмитьбю']));
  });

  it('has all 28 Arabic letters, and the Kurdish ones for names', () => {
    const arabic = keysOf(keyboardFor('ar').own);
    expect(arabic).toEqual(expect.arrayContaining([...'ابتثجحخدذرزسشصضطظعغفقكلمنهوي']));
    expect(arabic).toEqual(expect.arrayContaining([...'پچژگڤڕڵۆێە']));
  });

  it('has the 33 letters of the Sorani alphabet on its first layer', () => {
    expect(keysOf(keyboardFor('ckb').own, 0).sort()).toEqual([...'ئابپتجچحخدرڕزژسشعغفڤقکگلڵمنهەوۆیێ'].sort());
  });

  it('has the Bengali consonants, vowels, vowel signs and hasanta', () => {
    const bengali = keysOf(keyboardFor('bn').own);
    expect(bengali).toEqual(expect.arrayContaining([...'কখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশষসহ']));
    expect(bengali).toEqual(expect.arrayContaining([...'অআইঈউঊঋএঐওঔ']));
    expect(bengali).toEqual(expect.arrayContaining([...'ািীুূৃেৈোৌ্ংঃঁ']));
  });

  it('offers Chinese names a way in without handwriting: pinyin in Latin letters, or initials', () => {
    const { own } = keyboardFor('zh-Hans');
    expect(own.romanised).toBe('pinyin');
    expect(own.cased).toBe(true);
    expect(keysOf(own, 0)).toEqual(expect.arrayContaining([...'abcdefghijklmnopqrstuvwxyzü']));
  });

  it('never shows the same key twice on a layer, and keeps every key in normal form (NFC)', () => {
    for (const lang of ['en', 'pl', 'ro', 'uk', 'ar', 'ckb', 'bn', 'zh-Hans']) {
      const { own, latin } = keyboardFor(lang);
      for (const layout of [own, latin].filter((l): l is KeyboardLayout => l !== null)) {
        layout.layers.forEach((_, layer) => {
          const keys = keysOf(layout, layer);
          expect(new Set(keys).size, `${layout.id} layer ${layer}`).toBe(keys.length);
          for (const key of keys) expect(key.normalize('NFC'), `${layout.id} ${key}`).toBe(key);
        });
      }
    }
  });

  it('keeps rows short enough for large keys (at most 12 a row)', () => {
    for (const lang of ['en', 'pl', 'uk', 'ar', 'ckb', 'bn']) {
      for (const rows of keyboardFor(lang).own.layers) for (const row of rows) expect(row.length, lang).toBeLessThanOrEqual(12);
    }
  });
});

describe('capitals', () => {
  it('shows capitals at the start of each word, and Shift flips that for one letter', () => {
    expect(showsCapitals('', false)).toBe(true);
    expect(showsCapitals('Anna', false)).toBe(false);
    expect(showsCapitals('Anna ', false)).toBe(true);
    expect(showsCapitals('Anna-', false)).toBe(true);
    expect(showsCapitals('Anna', true)).toBe(true);
    expect(showsCapitals('', true)).toBe(false);
    // Ukrainian Мар'яна: no capital after the apostrophe.
    expect(atWordStart("Мар'")).toBe(false);
  });

  it('in other text, shows capitals at the start of each sentence only', () => {
    expect(showsCapitals('', false, 'sentences')).toBe(true);
    expect(showsCapitals('A leaflet ', false, 'sentences')).toBe(false);
    expect(showsCapitals('A leaflet. ', false, 'sentences')).toBe(true);
    expect(showsCapitals('A leaflet', true, 'sentences')).toBe(true);
    expect(atSentenceStart('Really? ')).toBe(true);
    expect(atSentenceStart('Really?')).toBe(false);
  });

  it('capitalises each script in its own way, and leaves a letter whose capital is two letters', () => {
    expect(keyCase('ł', true, 'pl')).toBe('Ł');
    expect(keyCase('ż', true, 'pl')).toBe('Ż');
    expect(keyCase('ș', true, 'ro')).toBe('Ș');
    expect(keyCase('ґ', true, 'uk')).toBe('Ґ');
    expect(keyCase('ї', true, 'uk')).toBe('Ї');
    expect(keyCase('ß', true, 'en')).toBe('ß');
    expect(keyCase('ł', false, 'pl')).toBe('ł');
    // Caseless scripts are unchanged.
    expect(keyCase('ڵ', true, 'ckb')).toBe('ڵ');
  });

  it('recognises the keys that join the letter before them', () => {
    expect(isCombining('া')).toBe(true);
    expect(isCombining('্')).toBe(true);
    expect(isCombining('ক')).toBe(false);
    expect(isCombining('ক্ষ')).toBe(false);
  });
});

describe('editing', () => {
  it('types at the end, within the field limit', () => {
    expect(typeKey('Ann', 'a', 40)).toBe('Anna');
    expect(typeKey('abc', 'd', 3)).toBe('abc');
    // A multi-letter key that would pass the limit types nothing rather than half of itself.
    expect(typeKey('ab', 'لا', 3)).toBe('ab');
  });

  it('adds a space only between words', () => {
    expect(typeSpace('', 40)).toBe('');
    expect(typeSpace('Anna', 40)).toBe('Anna ');
    expect(typeSpace('Anna ', 40)).toBe('Anna ');
    expect(typeSpace('Anna', 4)).toBe('Anna');
  });

  it('deletes the last letter as a reader sees it', () => {
    expect(deleteLastGrapheme('', 'en')).toBe('');
    expect(deleteLastGrapheme('Łucja', 'pl')).toBe('Łucj');
    // A letter built from a base and a combining accent goes whole.
    expect(deleteLastGrapheme('Zoe\u0301', 'en')).toBe('Zo');
    expect(deleteLastGrapheme('Ana ', 'ro')).toBe('Ana');
    // An emoji with a skin tone is one character to the reader.
    expect(deleteLastGrapheme('A👍🏽', 'en')).toBe('A');
  });

  it('deletes a Bengali letter with its vowel sign, and a conjunct whole', () => {
    // রুমানা: র+ু, ম+া, ন+া
    expect(deleteLastGrapheme('রুমানা', 'bn')).toBe('রুমা');
    // ক্ষমা: the conjunct ক্ষ (ক + hasanta + ষ) is one letter to a reader.
    expect(deleteLastGrapheme('ক্ষ', 'bn')).toBe('');
    expect(deleteLastGrapheme('লক্ষ্মী', 'bn')).toBe('ল');
  });

  it('deletes an Arabic letter with its marks', () => {
    expect(deleteLastGrapheme('سارا', 'ar')).toBe('سار');
    // shadda and fatha on the last letter go with it
    expect(deleteLastGrapheme('محمّدَ', 'ar')).toBe('محمّ');
  });
});
