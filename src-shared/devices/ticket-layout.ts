import type { TicketLabels } from '../i18n/ticket-labels';
import { formatQrPayload } from './qr-payload';
import type { PrintableTicket } from './types';

/**
 * The ticket, line by line, defined once: the ESC/POS encoder prints these blocks and the kiosk
 * draws them on screen, so the paper and the screen never disagree. Pure: no fonts, no bytes.
 */

export type TicketTextRole =
  | 'hub'
  | 'name'
  | 'services'
  | 'number-label'
  | 'number'
  | 'service'
  | 'where'
  | 'place'
  | 'wait'
  | 'next-heading'
  | 'next'
  | 'issued'
  | 'keep';

export type TicketBlock =
  | {
      kind: 'text';
      role: TicketTextRole;
      text: string;
      /** `start` is the left edge in left-to-right languages and the right edge in Arabic script. */
      align: 'start' | 'center';
      /** Character size multiple (1–4) on paper; the screen maps it to a type size. */
      size: number;
      bold: boolean;
      /** Index of the stop the line belongs to, for the lines of one service. */
      stop?: number;
    }
  | { kind: 'rule' }
  | { kind: 'qr'; payload: string };

export type TicketLayout = {
  language: string;
  direction: 'ltr' | 'rtl';
  blocks: TicketBlock[];
};

export type TicketLayoutOptions = {
  /** Characters per line of the printer (32, 35, 42, 44, 48); the screen uses 42. */
  columns?: number;
};

const rtlLanguages = new Set(['ar', 'fa', 'ur', 'he', 'ckb', 'ps', 'sd', 'ug', 'yi', 'dv']);

export function isRtlLanguage(tag: string): boolean {
  return rtlLanguages.has(tag.toLowerCase().split('-')[0] ?? '');
}

// Intl formatters are slow to build and the same for every ticket of a language: kept per locale.
const locales = new Map<string, string>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** A locale Intl knows for the ticket's language ("en" is printed the British way). */
function intlLocale(language: string): string {
  let locale = locales.get(language);
  if (locale === undefined) {
    const wanted = language === 'en' ? 'en-GB' : language;
    locale = Intl.DateTimeFormat.supportedLocalesOf([wanted]).length > 0 ? wanted : 'en-GB';
    locales.set(language, locale);
  }
  return locale;
}

/** Date and time of issue in the hub's zone, in the ticket's language. */
export function formatIssuedAt(ticket: Pick<PrintableTicket, 'issuedAt' | 'timeZone' | 'language'>): string {
  const key = `${ticket.language}|${ticket.timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(ticket.language), { dateStyle: 'medium', timeStyle: 'short', timeZone: ticket.timeZone });
    dateFormats.set(key, format);
  }
  return format.format(new Date(ticket.issuedAt));
}

function formatNumber(value: number, language: string): string {
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 0 });
    numberFormats.set(language, format);
  }
  return format.format(value);
}

/** "Label: value", with the colon Chinese uses. */
function labelled(label: string, value: string, language: string): string {
  return language.startsWith('zh') ? `${label}：${value}` : `${label}: ${value}`;
}

export function formatWait(minutes: number, labels: TicketLabels, language: string): string {
  return minutes <= 0 ? labels.waitSoon : labels.waitMinutes.replace('{{n}}', formatNumber(minutes, language));
}

/** The size of a ticket number: as large as the line allows, up to 4× (what the resident watches for). */
export function numberSize(number: string, columns: number): number {
  return Math.max(1, Math.min(4, Math.floor(columns / Math.max(1, [...number].length))));
}

export function ticketLayout(ticket: PrintableTicket, options: TicketLayoutOptions = {}): TicketLayout {
  const columns = options.columns ?? 42;
  const { labels, language } = ticket;
  const blocks: TicketBlock[] = [];
  const text = (role: TicketTextRole, value: string, style: { align?: 'start' | 'center'; size?: number; bold?: boolean; stop?: number } = {}) => {
    blocks.push({ kind: 'text', role, text: value, align: style.align ?? 'start', size: style.size ?? 1, bold: style.bold ?? false, ...(style.stop === undefined ? {} : { stop: style.stop }) });
  };

  text('hub', ticket.hubName, { align: 'center', bold: true });
  if (ticket.displayName) text('name', ticket.displayName, { align: 'center', size: 2 });
  blocks.push({ kind: 'rule' });
  if (ticket.stops.length > 1) text('services', labels.services, { bold: true });
  ticket.stops.forEach((stop, i) => {
    if (i > 0) blocks.push({ kind: 'rule' });
    text('number-label', labels.yourNumber, { align: 'center', stop: i });
    text('number', stop.number, { align: 'center', size: numberSize(stop.number, columns), bold: true, stop: i });
    text('service', ticket.stops.length > 1 ? `${formatNumber(i + 1, language)}. ${stop.serviceName}` : stop.serviceName, { align: 'center', bold: true, stop: i });
    if (stop.deskHint) text('where', labelled(labels.goTo, stop.deskHint, language), { stop: i });
    if (stop.place !== null && stop.place !== undefined) text('place', labelled(labels.place, formatNumber(stop.place, language), language), { stop: i });
    if (stop.estimatedWaitMinutes !== null && stop.estimatedWaitMinutes !== undefined) {
      text('wait', labelled(labels.estimatedWait, formatWait(stop.estimatedWaitMinutes, labels, language), language), { stop: i });
    }
  });
  blocks.push({ kind: 'rule' });
  text('next-heading', labels.whatNext, { bold: true });
  text('next', labels.watchScreen);
  blocks.push({ kind: 'rule' });
  text('issued', formatIssuedAt(ticket), { align: 'center' });
  blocks.push({ kind: 'qr', payload: formatQrPayload({ kind: 'ticket', ticketId: ticket.ticketId }) });
  text('keep', labels.keepTicket, { align: 'center' });
  return { language, direction: isRtlLanguage(language) ? 'rtl' : 'ltr', blocks };
}

/** Every text of the layout, for checking up front that each can be printed. */
export function layoutTexts(layout: TicketLayout): string[] {
  return layout.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
}
