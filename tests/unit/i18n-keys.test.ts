import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSampleHub } from '../helpers/hub-fixture';

/**
 * Each face's translations against its English: the kiosk's (resources/i18n/<lang>.json), the
 * display board's (resources/i18n/display/) and the staff screens' (resources/i18n/staff/). No key
 * missing, none extra, plural forms exactly those the language has, no placeholder English does
 * not fill, no empty text (the display and staff screens: exactly the placeholders and markup
 * English has). And the sample hub's own texts exist in every language it offers.
 */

const root = fileURLToPath(new URL('../../resources/i18n/', import.meta.url));
const sampleLanguages = ['en', 'pl', 'ar', 'ro', 'uk', 'bn', 'zh-Hans', 'ckb'];
const pluralSuffix = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | Tree };

function load(dir: string, lang: string): Tree {
  return JSON.parse(readFileSync(join(dir, `${lang}.json`), 'utf8')) as Tree;
}

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** Plain keys, and plural keys grouped by their base with the categories present. */
function shape(strings: Map<string, string>): { plain: string[]; plurals: Map<string, string[]> } {
  const plain: string[] = [];
  const plurals = new Map<string, string[]>();
  for (const key of strings.keys()) {
    const match = pluralSuffix.exec(key);
    if (!match) plain.push(key);
    else {
      const base = key.slice(0, match.index);
      plurals.set(base, [...(plurals.get(base) ?? []), match[1]!].sort());
    }
  }
  return { plain: plain.sort(), plurals };
}

const placeholders = (text: string) => new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!));

/** Elements a translation names for its markup (`<setup>…</setup>`); each must survive translation. */
const tags = (text: string) => [...text.matchAll(/<\/?(\w+)\s*\/?>/g)].map((m) => m[0]).sort();

const languagesIn = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));

/**
 * The checks every face's translations pass. `exactPlaceholders`: each text fills exactly the
 * placeholders English fills (for the staff screens, where a dropped count or name would mislead).
 */
function describeTranslations(face: string, dir: string, required: string[], options: { namesItself?: boolean; exactPlaceholders?: boolean } = {}) {
  const english = flatten(load(dir, 'en'));
  const englishShape = shape(english);
  const languages = languagesIn(dir);

  describe(`${face} translations`, () => {
    it(`exist for every language the ${face} must speak`, () => {
      expect(languages.sort()).toEqual(expect.arrayContaining(required));
    });

    for (const lang of languages) {
      describe(lang, () => {
        const strings = flatten(load(dir, lang));
        const own = shape(strings);

        it('has every key English has, and no other', () => {
          expect({ missing: englishShape.plain.filter((k) => !own.plain.includes(k)), extra: own.plain.filter((k) => !englishShape.plain.includes(k)) }).toEqual({
            missing: [],
            extra: [],
          });
          expect([...own.plurals.keys()].sort()).toEqual([...englishShape.plurals.keys()].sort());
        });

        it("has exactly the plural forms of the language's own rules", () => {
          const categories = [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
          for (const base of englishShape.plurals.keys()) expect(own.plurals.get(base), base).toEqual(categories);
        });

        it('uses only placeholders English fills, and has no empty text', () => {
          for (const [key, text] of strings) {
            expect(text.trim(), key).not.toBe('');
            const base = key.replace(pluralSuffix, '');
            const englishText = english.get(key) ?? english.get(`${base}_other`) ?? '';
            const allowed = placeholders(englishText);
            for (const name of placeholders(text)) expect(allowed.has(name), `${lang} ${key}: {{${name}}}`).toBe(true);
            if (options.exactPlaceholders && english.has(key)) {
              expect([...placeholders(text)].sort(), `${lang} ${key}`).toEqual([...allowed].sort());
              expect(tags(text), `${lang} ${key}`).toEqual(tags(englishText));
            }
          }
        });

        if (options.namesItself) {
          it('names itself in its own language', () => {
            expect(strings.get('languageName')).toBeTruthy();
            if (lang !== 'en') expect(strings.get('languageName')).not.toBe(english.get('languageName'));
          });
        }
      });
    }
  });
}

describeTranslations('kiosk', root, sampleLanguages, { namesItself: true });
describeTranslations('display', join(root, 'display'), sampleLanguages, { exactPlaceholders: true });
describeTranslations('staff', join(root, 'staff'), ['en', 'cy'], { exactPlaceholders: true });

const languages = languagesIn(root);

/** Every LocalizedText in the configuration: any object holding an English string. */
function localizedTexts(value: unknown, path: string[] = []): { path: string; text: Record<string, unknown> }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => localizedTexts(v, [...path, String(i)]));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  if (typeof record['en'] === 'string') return [{ path: path.join('.'), text: record }];
  return Object.entries(record).flatMap(([k, v]) => localizedTexts(v, [...path, k]));
}

describe('the sample hub and the kiosk languages', () => {
  const hub = loadSampleHub();

  it('offers only languages the kiosk has translations for', () => {
    expect(hub.languages.offered.filter((lang) => !languages.includes(lang))).toEqual([]);
  });

  it('gives every LocalizedText in every offered language', () => {
    const gaps = localizedTexts(hub).flatMap(({ path, text }) =>
      hub.languages.offered.filter((lang) => typeof text[lang] !== 'string' || (text[lang] as string).trim() === '').map((lang) => `${path} [${lang}]`),
    );
    expect(gaps).toEqual([]);
  });
});
