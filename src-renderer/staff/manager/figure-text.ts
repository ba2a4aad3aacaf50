import type { TFunction } from 'i18next';
import { summaryOf, type SummaryWords } from '../../../src-shared/reports/figure-summaries';
import type { FigureTable } from '../../../src-shared/reports/figures';

/** The summaries' words in the staff screens' language (`figureSummary.<key>`), its numbers and dates. */
function summaryWords(t: TFunction<'staff'>, language: string): SummaryWords {
  const locale = language === 'en' ? 'en-GB' : language;
  return {
    words: (key, values) => t(`figureSummary.${key}` as never, values ?? {}),
    number: (value) => (value === null || value === undefined ? t('figureSummary.hidden') : value.toLocaleString(locale)),
    // From the translations, not Intl: a browser's date words may lack the language (Welsh in Chromium builds without it).
    date: (day) => {
      const date = new Date(`${day}T12:00:00Z`);
      return t('time.longDate', {
        weekday: t(`time.weekday.${date.getUTCDay()}` as never),
        day: String(date.getUTCDate()),
        month: t(`time.month.${date.getUTCMonth() + 1}` as never),
        year: String(date.getUTCFullYear()),
      });
    },
  };
}

/**
 * A report figure in the staff screens' language: its title, meaning, how it is counted, its
 * column names and its fixed rows (weekdays, stages, kinds) from the staff translations
 * (`figure.<id>`), the hub's English where a word has none (a service or need named in the hub's
 * configuration, an hour); and its summary sentence worked out again from the table in those words
 * (the hub's own sentence in English).
 */
export function figureInLanguage(t: TFunction<'staff'>, figure: FigureTable, range: { from: string; to: string }, language: string): FigureTable {
  const words = (key: string, english: string) => t(`figure.${figure.id}.${key}` as never, { defaultValue: english });
  const shown: FigureTable = {
    ...figure,
    title: words('title', figure.title),
    meaning: words('meaning', figure.meaning),
    computation: words('computation', figure.computation),
    columns: figure.columns.map((c) => ({ ...c, label: words(`columns.${c.key}`, c.label) })),
    rows: figure.rows.map((r) => ({ ...r, label: words(`rows.${r.key}`, r.label) })),
  };
  return language === 'en' ? shown : { ...shown, summary: summaryOf(shown, range, summaryWords(t, language)) };
}
