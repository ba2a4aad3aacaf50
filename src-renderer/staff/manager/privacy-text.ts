import type { TFunction } from 'i18next';

/**
 * What retention or an erasure removed, in the staff screens' language, leaving out the noughts:
 * each field's words from the staff translations (`privacy.counted`, the key's dots as `__`).
 */
export function countsInStaffWords(t: TFunction<'staff'>, counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => t('privacy.countItem', { count: n, label: t(`privacy.counted.${key.replace(/\./g, '__')}` as never, { defaultValue: key.replace(/_/g, ' ') }) }));
  return parts.length > 0 ? parts.join(', ') : t('privacy.nothing');
}
