import { describe, expect, it } from 'vitest';
import { printableTicketFor, type SlipHub, type SlipTicket } from '../../src-shared/devices/printable-ticket';
import { ticketLayout, type TicketBlock } from '../../src-shared/devices/ticket-layout';
import { ticketLabels } from '../../src-shared/i18n/ticket-labels';
import { sampleTicket, sampleTicketLanguages } from '../../hardware/printer/sample-tickets';

const texts = (blocks: TicketBlock[]) => blocks.flatMap((b) => (b.kind === 'text' ? [`${b.role}:${b.text}`] : [b.kind]));

describe('the ticket layout (printed and on screen alike)', () => {
  it('lists each service in order: number, service, where to go, place, wait; then what happens next, time, QR', () => {
    expect(texts(ticketLayout(sampleTicket('en')).blocks)).toEqual([
      'hub:Working Well North Shields',
      'name:Sam',
      'rule',
      'services:You will see',
      'number-label:Your number',
      'number:E004',
      'service:1. Employment support',
      'where:Where to go: Desk 3',
      'place:Your place in the queue: 3',
      'wait:Estimated wait: about 20 min',
      'rule',
      'number-label:Your number',
      'number:H002',
      'service:2. Health and wellbeing',
      'place:Your place in the queue: 1',
      'wait:Estimated wait: soon',
      'rule',
      'next-heading:What happens next',
      'next:Watch the screen for your number. It will show you where to go.',
      'rule',
      'issued:12 Mar 2026, 09:30',
      'qr',
      'keep:Please keep this ticket.',
    ]);
    expect(ticketLayout(sampleTicket('en')).blocks.find((b) => b.kind === 'qr')).toEqual({ kind: 'qr', payload: 'FD1:T:tkt-en-0001' });
  });

  it('has every label in every offered language, and writes numbers the language’s way', () => {
    for (const language of sampleTicketLanguages) {
      expect(Object.values(ticketLabels[language]!).every((label) => label.trim().length > 0)).toBe(true);
      expect(ticketLabels[language]!.waitMinutes).toContain('{{n}}');
    }
    expect(texts(ticketLayout(sampleTicket('zh-Hans')).blocks)).toContain('wait:预计等候：约 20 分钟');
    expect(texts(ticketLayout(sampleTicket('bn')).blocks)).toContain('place:লাইনে আপনার স্থান: ৩');
    expect(ticketLayout(sampleTicket('ar')).direction).toBe('rtl');
    expect(ticketLayout(sampleTicket('ckb')).direction).toBe('rtl');
  });

  it('makes the numbers as large as the paper allows (4× on 42 and 32 columns; less for long numbers)', () => {
    const size = (columns: number, number = 'E004') => ticketLayout(sampleTicket('en', { stops: [{ number, serviceName: 'x', deskHint: null }] }), { columns }).blocks.find((b) => b.kind === 'text' && b.role === 'number');
    expect(size(42)).toMatchObject({ size: 4 });
    expect(size(32)).toMatchObject({ size: 4 });
    expect(size(32, 'WW-M00123')).toMatchObject({ size: 3 });
  });

  it('builds the slip from the queue: place and wait for waiting tickets only, and the hub language to fall back on', () => {
    const hub: SlipHub = {
      name: { en: 'Hub', pl: 'Hub PL' },
      timeZone: 'Europe/London',
      defaultLanguage: 'en',
      services: [
        { id: 'money', name: { en: 'Money advice', pl: 'Porady finansowe' }, desks: ['Desk 1', 'Desk 2'] },
        { id: 'work', name: { en: 'Work' }, desks: [] },
      ],
    };
    const base = { visitId: 'v1', displayName: 'Ola', queuedAt: '2026-03-29T01:30:00Z' };
    const tickets: SlipTicket[] = [
      { ...base, number: 'M003', serviceId: 'money', status: 'waiting', place: 2, estimatedWaitMinutes: 14 },
      { ...base, number: 'E001', serviceId: 'work', status: 'called', place: null, estimatedWaitMinutes: 0 },
    ];
    const slip = printableTicketFor(hub, tickets, 'pl');
    expect(slip).toMatchObject({ ticketId: 'v1', number: 'M003', hubName: 'Hub PL', language: 'pl' });
    expect(slip.stops).toEqual([
      { number: 'M003', serviceName: 'Porady finansowe', deskHint: 'Desk 1, Desk 2', place: 2, estimatedWaitMinutes: 14 },
      { number: 'E001', serviceName: 'Work', deskHint: null, place: null, estimatedWaitMinutes: null },
    ]);
    expect(slip.fallback).toMatchObject({ language: 'en', hubName: 'Hub', number: 'M003', stops: [{ serviceName: 'Money advice' }, { serviceName: 'Work' }] });
    expect(printableTicketFor(hub, tickets, null).fallback).toBeUndefined();
    // Issued just after the spring clock change, in the hub's zone.
    expect(texts(ticketLayout(slip).blocks)).toContain('issued:29 mar 2026, 02:30');
  });
});
