/**
 * The kiosk's on-screen keyboard layouts, one per script the hub's languages are written in. A key
 * is the text it types (several code points for a Bengali conjunct or lam-alef). Cased scripts
 * have their lowercase letters here; capitals come from `keyCase`. A second layer holds letters
 * with accents (Latin) or the less common letters (the caseless scripts).
 */

export type KeyboardScript = 'latin' | 'cyrillic' | 'arabic' | 'bengali';

export type KeyboardLayout = {
  id: string;
  script: KeyboardScript;
  /** The language the letter keys are read in (screen readers), a BCP 47 tag. */
  lang: string;
  dir: 'ltr' | 'rtl';
  /** Letters have capitals: the keyboard offers Shift and capitalises each word's first letter. */
  cased: boolean;
  /** Rows of keys; layer 0 is shown first, layer 1 (when present) behind the "more letters" key. */
  layers: readonly (readonly (readonly string[])[])[];
  /** A few letters of the script, shown on the key that switches to this layout. */
  sample: string;
  /** A Latin layout offered for a language whose names are typed in Latin (pinyin for Chinese). */
  romanised?: 'pinyin';
};

const row = (keys: string): string[] => keys.split(' ');

const qwerty = [row('q w e r t y u i o p'), row('a s d f g h j k l'), row("z x c v b n m - '")];

/** Every accented Latin letter a name in the hub's languages (and many others) may need. */
const latinAccents = [
  row('á à â ä ã å ą ă ā æ'),
  row('ç ć č ď é è ê ë ę ě'),
  row('í ì î ï ł ľ ń ñ ň ó'),
  row('ò ô ö õ ø ő ř ś š ș'),
  row('ß ť ț ú ù û ü ű ů ý'),
  row('ÿ ź ż ž ğ ı ş œ ė ē'),
];

/** The letters of a Latin-script language that plain QWERTY lacks, shown above the letters. */
const ownLatinLetters: Record<string, string[]> = {
  pl: row('ą ć ę ł ń ó ś ź ż'),
  ro: row('ă â î ș ț'),
  // Pinyin's one extra letter (lü, nü); tone marks are not needed to call someone.
  zh: row('ü'),
};

function latinLayout(language: string): KeyboardLayout {
  const base = baseLanguage(language);
  const own = ownLatinLetters[base];
  return {
    id: own ? `latin-${base}` : 'latin',
    script: 'latin',
    lang: own && base !== 'zh' ? base : 'en',
    dir: 'ltr',
    cased: true,
    layers: [own ? [own, ...qwerty] : qwerty, latinAccents],
    sample: 'ABC',
    ...(base === 'zh' ? { romanised: 'pinyin' as const } : {}),
  };
}

const ukrainian: KeyboardLayout = {
  id: 'cyrillic-uk',
  script: 'cyrillic',
  lang: 'uk',
  dir: 'ltr',
  cased: true,
  layers: [[row('й ц у к е н г ш щ з х ї'), row('ф і в а п р о л д ж є ґ'), row("я ч с м и т ь б ю ' -")]],
  sample: 'АБВ',
};

const arabic: KeyboardLayout = {
  id: 'arabic-ar',
  script: 'arabic',
  lang: 'ar',
  dir: 'rtl',
  cased: false,
  layers: [
    [row('ض ص ث ق ف غ ع ه خ ح ج'), row('ش س ي ب ل ا ت ن م ك ط'), row('ذ ء ؤ ر ى ة و ز ظ د ئ')],
    // Hamza forms, and the letters of Kurdish and Persian names.
    [row('أ إ آ لا'), row('پ چ ژ گ ڤ ک ی'), row('ڕ ڵ ۆ ێ ە')],
  ],
  sample: 'أبت',
};

const sorani: KeyboardLayout = {
  id: 'arabic-ckb',
  script: 'arabic',
  lang: 'ckb',
  dir: 'rtl',
  cased: false,
  layers: [
    // The 33 letters of the Sorani alphabet.
    [row('ق و ە ر ت ی ێ ئ ۆ پ ح'), row('ا س د ف گ ه ژ ک ل ڵ ع'), row('ز خ ج ڤ ب ن م چ ش ڕ غ')],
    // Arabic letters found in names written the Arabic way.
    [row('ث ذ ص ض ط ظ'), row('ك ي ة ى ء'), row('أ إ آ ؤ')],
  ],
  sample: 'ئاب',
};

const bengali: KeyboardLayout = {
  id: 'bengali-bn',
  script: 'bengali',
  lang: 'bn',
  dir: 'ltr',
  cased: false,
  layers: [
    [
      row('ক খ গ ঘ ঙ চ ছ জ ঝ ঞ ট'),
      row('ঠ ড ঢ ণ ত থ দ ধ ন প ফ'),
      // ড় written as ড + nukta, the form text is kept in (Unicode normalisation decomposes it).
      row('ব ভ ম য র ল শ ষ স হ \u09A1\u09BC'),
      row('া ি ী ু ূ ৃ ে ৈ ো ৌ ্'),
    ],
    [row('অ আ ই ঈ উ ঊ ঋ এ ঐ ও ঔ'), row('ং ঃ ঁ ৎ \u09A2\u09BC \u09AF\u09BC'), row('ক্ষ জ্ঞ শ্র')],
  ],
  sample: 'অআক',
};

const ownLayouts: Record<string, KeyboardLayout> = { uk: ukrainian, ar: arabic, ckb: sorani, bn: bengali };

function baseLanguage(language: string): string {
  return (language.split('-')[0] ?? language).toLowerCase();
}

/**
 * The keyboard for a resident's language: their own script first, and Latin beside it when their
 * script is not Latin (names are often written in Latin letters). Chinese names are typed in
 * pinyin or as initials, so Chinese gets a Latin layout of its own and no handwriting.
 */
export function keyboardFor(language: string): { own: KeyboardLayout; latin: KeyboardLayout | null } {
  const own = ownLayouts[baseLanguage(language)];
  return own ? { own, latin: latinLayout('en') } : { own: latinLayout(language), latin: null };
}

/** A key as shown: a capital when `upper` and the letter has one capital of its own. */
export function keyCase(key: string, upper: boolean, lang: string): string {
  if (!upper) return key;
  const capital = key.toLocaleUpperCase(lang);
  // ß → SS would type two letters from one key: keep such letters as they are.
  return [...capital].length === [...key].length ? capital : key;
}

/** A key that combines with the letter before it (a Bengali vowel sign, hasanta…): shown on a dotted circle. */
export function isCombining(key: string): boolean {
  return /^\p{M}/u.test(key);
}
