/**
 * What the display says when it calls a ticket, per language. The ticket and desk are spoken as
 * they are shown. The list is short on purpose: a language without a phrase is silent rather than
 * spoken wrongly. These are first drafts for the hub's translators to check (keep {number}, {desk}
 * and {name}); add a language here when a speaker has written its phrase.
 */
const phrases: Record<string, { plain: string; withName: string }> = {
  en: { plain: 'Ticket {number}, please go to {desk}.', withName: '{name}, ticket {number}, please go to {desk}.' },
  pl: { plain: 'Numer {number}, proszę podejść do: {desk}.', withName: '{name}, numer {number}, proszę podejść do: {desk}.' },
  ro: { plain: 'Numărul {number}, vă rugăm să mergeți la {desk}.', withName: '{name}, numărul {number}, vă rugăm să mergeți la {desk}.' },
  uk: { plain: 'Номер {number}, будь ласка, підійдіть до: {desk}.', withName: '{name}, номер {number}, будь ласка, підійдіть до: {desk}.' },
  ar: { plain: 'الرقم {number}، يرجى التوجه إلى {desk}.', withName: '{name}، الرقم {number}، يرجى التوجه إلى {desk}.' },
  'zh-Hans': { plain: '请 {number} 号到 {desk}。', withName: '{name}，请 {number} 号到 {desk}。' },
  ur: { plain: 'نمبر {number}، براہ کرم {desk} پر تشریف لائیں۔', withName: '{name}، نمبر {number}، براہ کرم {desk} پر تشریف لائیں۔' },
  bn: { plain: 'নম্বর {number}, অনুগ্রহ করে {desk}-এ আসুন।', withName: '{name}, নম্বর {number}, অনুগ্রহ করে {desk}-এ আসুন।' },
};

/** "M003" → "M 3": the letters, then the number as a number (speech engines read it naturally). */
export function spokenTicketNumber(number: string): string {
  const match = /^([A-Z]+)0*(\d+)$/.exec(number);
  if (!match) return number;
  return `${match[1]!.split('').join(' ')} ${match[2]}`;
}

/** The call in `language`, or null when there is no phrase for it (the display then stays silent in it). */
export function callPhrase(language: string, ticket: { number: string; desk: string; name?: string | null }): string | null {
  const base = language.split('-')[0] ?? language;
  const entry = phrases[language] ?? phrases[base] ?? (base === 'zh' ? phrases['zh-Hans'] : undefined);
  if (!entry) return null;
  const template = ticket.name ? entry.withName : entry.plain;
  return template.replace('{number}', spokenTicketNumber(ticket.number)).replace('{desk}', ticket.desk).replace('{name}', ticket.name ?? '');
}
