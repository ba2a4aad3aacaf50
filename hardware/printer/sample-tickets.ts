import type { PrintableTicket } from '../../src-shared/devices/types';
import { ticketLabelsFor } from '../../src-shared/i18n/ticket-labels';

/**
 * Test tickets in each language the sample hub offers: the demo's "print a test ticket" and the
 * printer tests build on them, so the layouts reviewed as PNGs are the ones staff can print.
 */

type SampleText = { hubName: string; displayName: string | null; services: [string, string]; desks: [string | null, string | null] };

const samples: Record<string, SampleText> = {
  en: { hubName: 'Working Well North Shields', displayName: 'Sam', services: ['Employment support', 'Health and wellbeing'], desks: ['Desk 3', null] },
  pl: { hubName: 'Working Well North Shields', displayName: 'Łucja Ś.', services: ['Wsparcie w zatrudnieniu', 'Zdrowie i samopoczucie'], desks: ['Stanowisko 3', 'Pokój źródłowy'] },
  ro: { hubName: 'Working Well North Shields', displayName: 'Ștefania Țîrcă', services: ['Sprijin pentru locuri de muncă', 'Sănătate și bunăstare'], desks: ['Biroul 3', null] },
  uk: { hubName: 'Working Well North Shields', displayName: 'Олена Ґ.', services: ['Підтримка з працевлаштування', 'Здоров’я та добробут'], desks: ['Стіл 3', null] },
  ar: { hubName: 'Working Well North Shields', displayName: 'فاطمة', services: ['دعم التوظيف', 'الصحة والعافية'], desks: ['مكتب 3', null] },
  ckb: { hubName: 'Working Well North Shields', displayName: 'ئاراس', services: ['یارمەتی کار', 'تەندروستی'], desks: ['مێزی 3', null] },
  bn: { hubName: 'Working Well North Shields', displayName: 'রহিম', services: ['কর্মসংস্থান সহায়তা', 'স্বাস্থ্য'], desks: ['ডেস্ক 3', null] },
  'zh-Hans': { hubName: 'Working Well North Shields', displayName: '李华', services: ['就业支持', '健康与福祉'], desks: ['3号桌', null] },
};

export const sampleTicketLanguages = Object.keys(samples);

function inLanguage(language: string): Omit<PrintableTicket, 'fallback'> {
  const text = samples[language] ?? samples['en']!;
  return {
    ticketId: `tkt-${language}-0001`,
    number: 'E004',
    hubName: text.hubName,
    displayName: text.displayName,
    stops: [
      { number: 'E004', serviceName: text.services[0], deskHint: text.desks[0], place: 3, estimatedWaitMinutes: 20 },
      { number: 'H002', serviceName: text.services[1], deskHint: text.desks[1], place: 1, estimatedWaitMinutes: 0 },
    ],
    issuedAt: '2026-03-12T09:30:00.000Z',
    timeZone: 'Europe/London',
    language,
    labels: ticketLabelsFor(language),
  };
}

/** A two-service ticket in `language`, with the same ticket in English to fall back on. */
export function sampleTicket(language = 'en', overrides: Partial<PrintableTicket> = {}): PrintableTicket {
  const ticket = inLanguage(language);
  const fallback = language === 'en' ? {} : { fallback: { ...inLanguage('en'), ticketId: ticket.ticketId, displayName: ticket.displayName } };
  return { ...ticket, ...fallback, ...overrides };
}
