import { describe, expect, it } from 'vitest';
import { countValue } from '../../src-main/privacy/retained-counts';
import { daysBefore, nextSize } from '../../src-main/privacy/retention';
import { escapeHtml, subjectAccessHtml } from '../../src-main/privacy/subject-access-html';
import { hubConfig } from '../../src-shared/config/schema';
import type { SubjectExport } from '../../src-shared/api/privacy-contract';
import { makeHub } from '../helpers/hub-fixture';

describe('the privacy notice in the configuration', () => {
  const notice = { title: { en: 'Your information', pl: 'Twoje informacje' }, points: [{ en: 'We keep it safe.', pl: 'Dbamy o nie.' }] };

  it('takes the notice’s words in every offered language', () => {
    const hub = makeHub({ languages: { default: 'en', offered: ['en', 'pl'] }, privacy: { noticeVersion: '3', personalDataRetentionDays: 30, visitRetentionDays: 60, notice } });
    expect(hub.privacy.notice?.points).toHaveLength(1);
  });

  it('names each language a title or point is missing in', () => {
    const input = { ...makeHub(), languages: { default: 'en', offered: ['en', 'pl', 'uk'] }, privacy: { noticeVersion: '3', personalDataRetentionDays: 30, visitRetentionDays: 60, notice } };
    const result = hubConfig.safeParse(input);
    expect(result.success).toBe(false);
    const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(problems).toEqual([
      'privacy.notice.title.uk: the notice needs its title in "uk", a language this hub offers',
      'privacy.notice.points.0.uk: the notice needs this point in "uk", a language this hub offers',
    ]);
  });

  it('is optional: without it the kiosk shows its built-in wording', () => {
    expect(makeHub().privacy.notice).toBeUndefined();
  });
});

describe('retention arithmetic', () => {
  it('counts whole calendar days back, across month, year and leap day', () => {
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(daysBefore('2028-03-01', 1)).toBe('2028-02-29');
    expect(daysBefore('2026-01-10', 730)).toBe('2024-01-11');
  });

  it('sizes batches to the time budget: in proportion when over, a little more when well under', () => {
    expect(nextSize(200, 40, 10, 10, 5000)).toBe(50);
    expect(nextSize(200, 1000, 10, 10, 5000)).toBe(50);
    expect(nextSize(20, 1000, 10, 10, 5000)).toBe(10);
    expect(nextSize(200, 2, 10, 10, 5000)).toBe(250);
    expect(nextSize(4900, 1, 10, 10, 5000)).toBe(5000);
    expect(nextSize(200, 7, 10, 10, 5000)).toBe(200);
  });

  it('keeps only code-like values as count values; anything typed counts as other', () => {
    expect(countValue('friend-family')).toBe('friend-family');
    expect(countValue('zh-Hans')).toBe('zh-Hans');
    expect(countValue('money:referred')).toBe('money:referred');
    expect(countValue('Wensleydale Zebra heritage')).toBe('other');
    expect(countValue('<b>')).toBe('other');
    expect(countValue(null)).toBe('other');
  });
});

describe('the subject access page', () => {
  const data: SubjectExport = {
    exportedAt: '2026-04-21T10:00:00.000Z',
    hub: { id: 'hub', name: 'Riverside & Co' },
    subject: { kind: 'visit', visitId: 'v1' },
    resident: null,
    visits: [
      {
        visitId: 'v1',
        serviceDay: '2026-04-21',
        checkedInAt: '2026-04-21T09:00:00.000Z',
        method: 'walk-in',
        displayName: '<img src=x onerror=alert(1)>',
        language: 'en',
        interpreter: false,
        accessibility: [],
        talkToSomeone: false,
        privacyNotice: { version: '2026-11', optionalQuestions: false, agreedAt: '2026-04-21T09:00:00.000Z' },
        howHeard: [{ option: 'Other', text: '"quoted" & <tagged>' }],
        answers: [],
        needs: [],
        flags: [],
        tickets: [],
        outcomes: [],
        journey: [
          { service: 'Work', stage: 'outcome', organisation: null, programme: '<b>Connect</b>', outcome: 'job', evidence: 'self-declaration', occurredOn: '2026-05-01', recordedAt: '2026-05-02T09:00:00.000Z' },
        ],
        event: 'Jobs fair <Spring>',
        personalDataRemovedAt: null,
      },
    ],
    outboxEvents: 0,
    retention: { personalDataRetentionDays: 730, visitRetentionDays: 2190 },
  };

  it('escapes every value and carries no script or outside resource', () => {
    const html = subjectAccessHtml(data);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;tagged&gt;');
    expect(html).toContain('Riverside &amp; Co');
    expect(html).toContain('version 2026-11; optional questions: no');
    expect(html).toContain('&lt;b&gt;Connect&lt;/b&gt;');
    expect(html).toContain('Jobs fair &lt;Spring&gt;');
    expect(html).not.toMatch(/<img|<script|src="http/);
    expect(escapeHtml(`'`)).toBe('&#39;');
  });
});
