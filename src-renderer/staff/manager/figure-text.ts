import type { TFunction } from 'i18next';
import type { FigureTable } from '../../../src-shared/reports/figures';

/**
 * A report figure in the staff screens' language: its title, meaning, how it is counted, its
 * column names and its fixed rows (weekdays, stages, kinds) from the staff translations
 * (`figure.<id>`), the hub's English where a word has none (a service or need named in the hub's
 * configuration, an hour). The one-sentence summary stays as the hub wrote it, in English.
 */
export function figureInLanguage(t: TFunction<'staff'>, figure: FigureTable): FigureTable {
  const words = (key: string, english: string) => t(`figure.${figure.id}.${key}` as never, { defaultValue: english });
  return {
    ...figure,
    title: words('title', figure.title),
    meaning: words('meaning', figure.meaning),
    computation: words('computation', figure.computation),
    columns: figure.columns.map((c) => ({ ...c, label: words(`columns.${c.key}`, c.label) })),
    rows: figure.rows.map((r) => ({ ...r, label: words(`rows.${r.key}`, r.label) })),
  };
}
