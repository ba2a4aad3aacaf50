/** The few words printed on a ticket, in each language the sample hub offers. */
export const ticketLabels: Record<string, { yourNumber: string; services: string; keepTicket: string }> = {
  en: { yourNumber: 'Your number', services: 'You will see', keepTicket: 'Please keep this ticket. Watch the screen for your number.' },
  pl: { yourNumber: 'Twój numer', services: 'Spotkasz się z', keepTicket: 'Zachowaj ten bilet. Obserwuj ekran, aby zobaczyć swój numer.' },
  ro: { yourNumber: 'Numărul dvs.', services: 'Veți merge la', keepTicket: 'Păstrați acest bilet. Urmăriți ecranul pentru numărul dvs.' },
  uk: { yourNumber: 'Ваш номер', services: 'Вас прийме', keepTicket: 'Збережіть цей квиток. Стежте за своїм номером на екрані.' },
  ar: { yourNumber: 'رقمك', services: 'ستقابل', keepTicket: 'يرجى الاحتفاظ بهذه التذكرة. راقب الشاشة لرؤية رقمك.' },
  bn: { yourNumber: 'আপনার নম্বর', services: 'আপনি দেখা করবেন', keepTicket: 'এই টিকিটটি রাখুন। আপনার নম্বরের জন্য পর্দায় লক্ষ্য রাখুন।' },
  'zh-Hans': { yourNumber: '您的号码', services: '您将见到', keepTicket: '请保留此票。请留意屏幕上的号码。' },
  ckb: { yourNumber: 'ژمارەکەت', services: 'دەتبینێت', keepTicket: 'تکایە ئەم بلیتە بهێڵەرەوە. سەیری شاشەکە بکە بۆ ژمارەکەت.' },
};

export function ticketLabelsFor(language: string | null | undefined) {
  return (language && ticketLabels[language]) || ticketLabels['en']!;
}
