/**
 * The words printed on a ticket (and shown on the kiosk's on-screen ticket), in each language the
 * sample hub offers. `{{n}}` is a number already formatted in the ticket's language.
 */
export type TicketLabels = {
  yourNumber: string;
  services: string;
  /** Heading of a stop's desks or area. */
  goTo: string;
  /** The resident's place in that service's queue when the ticket was printed. */
  place: string;
  estimatedWait: string;
  /** The estimated wait, `{{n}}` minutes. */
  waitMinutes: string;
  /** A wait estimated at zero minutes. */
  waitSoon: string;
  whatNext: string;
  watchScreen: string;
  keepTicket: string;
};

export const ticketLabels: Record<string, TicketLabels> = {
  en: {
    yourNumber: 'Your number',
    services: 'You will see',
    goTo: 'Where to go',
    place: 'Your place in the queue',
    estimatedWait: 'Estimated wait',
    waitMinutes: 'about {{n}} min',
    waitSoon: 'soon',
    whatNext: 'What happens next',
    watchScreen: 'Watch the screen for your number. It will show you where to go.',
    keepTicket: 'Please keep this ticket.',
  },
  pl: {
    yourNumber: 'Twój numer',
    services: 'Spotkasz się z',
    goTo: 'Gdzie podejść',
    place: 'Twoje miejsce w kolejce',
    estimatedWait: 'Przewidywane czekanie',
    waitMinutes: 'ok. {{n}} min',
    waitSoon: 'wkrótce',
    whatNext: 'Co dalej',
    watchScreen: 'Obserwuj ekran, aby zobaczyć swój numer. Ekran pokaże, dokąd podejść.',
    keepTicket: 'Zachowaj ten bilet.',
  },
  ro: {
    yourNumber: 'Numărul dvs.',
    services: 'Veți merge la',
    goTo: 'Unde mergeți',
    place: 'Locul dvs. la rând',
    estimatedWait: 'Așteptare estimată',
    waitMinutes: 'aprox. {{n}} min',
    waitSoon: 'în curând',
    whatNext: 'Ce urmează',
    watchScreen: 'Urmăriți ecranul pentru numărul dvs. Acolo veți vedea unde să mergeți.',
    keepTicket: 'Păstrați acest bilet.',
  },
  uk: {
    yourNumber: 'Ваш номер',
    services: 'Вас прийме',
    goTo: 'Куди підійти',
    place: 'Ваше місце в черзі',
    estimatedWait: 'Орієнтовне очікування',
    waitMinutes: 'близько {{n}} хв',
    waitSoon: 'незабаром',
    whatNext: 'Що далі',
    watchScreen: 'Стежте за своїм номером на екрані. Там буде видно, куди підійти.',
    keepTicket: 'Збережіть цей квиток.',
  },
  ar: {
    yourNumber: 'رقمك',
    services: 'ستقابل',
    goTo: 'إلى أين تذهب',
    place: 'ترتيبك في الدور',
    estimatedWait: 'الانتظار المتوقع',
    waitMinutes: 'حوالي {{n}} دقيقة',
    waitSoon: 'قريبًا',
    whatNext: 'ماذا بعد',
    watchScreen: 'راقب الشاشة لرؤية رقمك. ستعرض لك الشاشة إلى أين تذهب.',
    keepTicket: 'يرجى الاحتفاظ بهذه التذكرة.',
  },
  bn: {
    yourNumber: 'আপনার নম্বর',
    services: 'আপনি দেখা করবেন',
    goTo: 'কোথায় যাবেন',
    place: 'লাইনে আপনার স্থান',
    estimatedWait: 'আনুমানিক অপেক্ষা',
    waitMinutes: 'প্রায় {{n}} মিনিট',
    waitSoon: 'শীঘ্রই',
    whatNext: 'এরপর কী হবে',
    watchScreen: 'আপনার নম্বরের জন্য পর্দায় লক্ষ্য রাখুন। কোথায় যেতে হবে তা পর্দায় দেখানো হবে।',
    keepTicket: 'এই টিকিটটি রাখুন।',
  },
  'zh-Hans': {
    yourNumber: '您的号码',
    services: '您将见到',
    goTo: '前往',
    place: '您的排队位置',
    estimatedWait: '预计等候',
    waitMinutes: '约 {{n}} 分钟',
    waitSoon: '即将',
    whatNext: '接下来',
    watchScreen: '请留意屏幕上的号码。屏幕会显示您该去哪里。',
    keepTicket: '请保留此票。',
  },
  ckb: {
    yourNumber: 'ژمارەکەت',
    services: 'دەتبینێت',
    goTo: 'بۆ کوێ بچیت',
    place: 'شوێنت لە ڕیزدا',
    estimatedWait: 'چاوەڕوانیی خەمڵێنراو',
    waitMinutes: 'نزیکەی {{n}} خولەک',
    waitSoon: 'بەم زووانە',
    whatNext: 'دواتر چی دەبێت',
    watchScreen: 'سەیری شاشەکە بکە بۆ ژمارەکەت. شاشەکە پیشانت دەدات بۆ کوێ بچیت.',
    keepTicket: 'تکایە ئەم بلیتە بهێڵەرەوە.',
  },
};

export function ticketLabelsFor(language: string | null | undefined): TicketLabels {
  return (language && ticketLabels[language]) || ticketLabels['en']!;
}
