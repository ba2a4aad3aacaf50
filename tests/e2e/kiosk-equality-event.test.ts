import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkScreen, countVisits, kioskTestHub, kioskTests, onScreen } from './helpers/kiosk-harness';
import { agree, button, chooseHelp, confirmAndWaitForTicket, finishDetails, hearAbout, startAsWalkIn } from './helpers/kiosk-journey';

/**
 * The kiosk's "I'm here for …" (only while one of the hub's events runs) and the optional equality
 * questions after the needs (only with consent, "prefer not to say" on every one, skippable one by
 * one or all at once), in Chromium against a real hub: what the resident chooses is written with
 * the check-in. Each new screen is checked with axe and for 48 px targets, portrait and landscape.
 */

const suite = kioskTests({
  hub: {
    hub: kioskTestHub({
      equality: { enabled: true, questions: ['ageBand', 'sex', 'ethnicity', 'longTermCondition', 'activityLimitation', 'economicStatus', 'inactivityReason'] },
    }),
  },
});

async function kiosk(): Promise<Page> {
  return (await suite.kiosk()).page;
}

async function expectCleanScreen(page: Page, name: string): Promise<void> {
  const found = await checkScreen(page, name);
  expect(found.violations, name).toEqual([]);
  expect(found.smallTargets, name).toEqual([]);
}

/** After the needs: the sensitive question (asked with consent) and the free-text one. */
async function answerFollowUps(page: Page): Promise<void> {
  await onScreen(page, 'Do you feel unsafe at home?');
  await button(page, 'No').click();
  await onScreen(page, 'Anything else?');
  await button(page, 'Skip this question').click();
}

const latestVisit = () =>
  suite.hub.hub.db.prepare('SELECT id, visitor_id FROM visits ORDER BY checked_in_at DESC, rowid DESC LIMIT 1').get() as { id: string; visitor_id: string | null };

describe('kiosk: the event running now and the optional equality questions', () => {
  it('offers a running event, then the equality questions after the needs; both are written with the check-in', async () => {
    const now = Date.now();
    const event = suite.hub.hub.programme.createEvent(
      { name: 'Jobs fair', kind: 'jobs-fair', startsAt: new Date(now - 30 * 60_000).toISOString(), endsAt: new Date(now + 2 * 3_600_000).toISOString(), partnerId: 'jobs', capacity: 50 },
      null,
    );
    try {
      const page = await kiosk();
      // The kiosk asks which events run as the journey starts; the resident reads the privacy notice meanwhile.
      const eventsKnown = page.waitForResponse((r) => r.url().includes('/api/hub-events/running'));
      await startAsWalkIn(page);
      await eventsKnown;
      await agree(page, true);

      await onScreen(page, "Are you here for one of today's events?");
      await expectCleanScreen(page, 'en-event');
      await button(page, /^Jobs fair/).click();

      await hearAbout(page, []);
      await chooseHelp(page, ['Work']);
      await answerFollowUps(page);

      await onScreen(page, 'Some questions about you (you can skip them)');
      await expectCleanScreen(page, 'en-equality-intro');
      await button(page, 'Answer the questions').click();

      await onScreen(page, 'How old are you?');
      await expectCleanScreen(page, 'en-equality-age');
      await button(page, '25 to 34').click();
      await onScreen(page, 'What is your sex?');
      await button(page, 'Prefer not to say').click();
      // Ethnicity in two steps: the group, then within it.
      await onScreen(page, 'What is your ethnic group?');
      await expectCleanScreen(page, 'en-equality-ethnic-group');
      await button(page, 'Asian or Asian British').click();
      await onScreen(page, 'Asian or Asian British: which of these describes you best?');
      await expectCleanScreen(page, 'en-equality-ethnicity');
      await button(page, 'Bangladeshi').click();
      await onScreen(page, /^Do you have a physical or mental health condition/);
      await button(page, 'Yes').click();
      // The follow-up is asked only after "yes".
      await onScreen(page, 'Does your condition or illness reduce your ability to do day-to-day activities?');
      await button(page, 'Skip this question').click();
      await onScreen(page, 'Which of these describes you best now?');
      await button(page, 'Not working, and not looking for work').click();
      await onScreen(page, 'What is the main reason you are not looking for work?');
      await button(page, 'Skip the rest').click();

      await finishDetails(page, null);
      expect(await page.getByText('You are here for: Jobs fair').count()).toBe(1);
      await confirmAndWaitForTicket(page);

      const visit = latestVisit();
      expect(visit.visitor_id).not.toBeNull();
      expect(suite.hub.hub.db.prepare('SELECT event_id, source FROM visit_events WHERE visit_id = ?').get(visit.id)).toEqual({ event_id: event.id, source: 'kiosk' });
      expect(
        suite.hub.hub.db
          .prepare('SELECT age_band, sex, ethnicity, long_term_condition, activity_limitation, employment_status, inactivity_reason, source FROM demographics WHERE visitor_id = ?')
          .get(visit.visitor_id),
      ).toEqual({
        age_band: '25-34',
        sex: 'prefer-not-to-say',
        ethnicity: 'asian-bangladeshi',
        long_term_condition: 'yes',
        activity_limitation: null,
        employment_status: 'inactive',
        inactivity_reason: null,
        source: 'kiosk',
      });
    } finally {
      suite.hub.hub.programme.updateEvent(event.id, { name: event.name, kind: event.kind, startsAt: event.startsAt, endsAt: event.endsAt, partnerId: 'jobs', capacity: 50, cancelled: true }, null);
    }
  });

  it('asks no equality question without consent, offers no event when none runs, and skipping them all records nothing', async () => {
    const page = await kiosk();
    const eventsKnown = page.waitForResponse((r) => r.url().includes('/api/hub-events/running'));
    const answersBefore = (suite.hub.hub.db.prepare('SELECT count(*) FROM demographics').pluck().get() as number) ?? 0;
    // No consent: from the needs straight to the details, and no event screen either.
    await startAsWalkIn(page);
    await eventsKnown;
    await agree(page, false);
    await hearAbout(page, []);
    await chooseHelp(page, ['Money']);
    await onScreen(page, 'Anything else?');
    await button(page, 'Skip this question').click();
    await finishDetails(page, null);
    await confirmAndWaitForTicket(page);
    await page.locator('.kiosk[data-step="ticket"] .kiosk-actions .kiosk-button.primary').click();
    await page.getByRole('button', { name: 'Tap to start', exact: true }).waitFor();

    // Consent, then "skip these questions": nothing is asked or stored.
    await startAsWalkIn(page);
    await agree(page, true);
    await hearAbout(page, []);
    await chooseHelp(page, ['Money']);
    await answerFollowUps(page);
    await onScreen(page, 'Some questions about you (you can skip them)');
    await button(page, 'Skip these questions').click();
    const visits = countVisits(suite.hub);
    await finishDetails(page, null);
    await confirmAndWaitForTicket(page);
    expect(countVisits(suite.hub)).toBe(visits + 1);
    expect(latestVisit().visitor_id).toBeNull();
    expect(suite.hub.hub.db.prepare('SELECT count(*) FROM demographics').pluck().get()).toBe(answersBefore);
  });

  it('speaks the resident’s language on the new screens, right to left in Arabic', async () => {
    const now = Date.now();
    const event = suite.hub.hub.programme.createEvent(
      { name: 'Workshop: CVs', kind: 'workshop', startsAt: new Date(now - 10 * 60_000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), partnerId: null, capacity: null },
      null,
    );
    try {
      const page = await kiosk();
      const eventsKnown = page.waitForResponse((r) => r.url().includes('/api/hub-events/running'));
      await page.locator('.language-grid button[lang="ar"]').click();
      await page.locator('.kiosk[data-step="identify"] h1').waitFor();
      await page.locator('.kiosk-content .kiosk-button.primary').click(); // no card
      await page.locator('.kiosk[data-step="privacy"] h1').waitFor();
      await eventsKnown;
      await page.locator('.kiosk-actions .kiosk-button.primary').click(); // consent: yes
      await page.locator('.kiosk[data-step="event"] h1').waitFor();
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      expect(await page.locator('.kiosk h1').textContent()).toBe('هل جئت لحضور إحدى فعاليات اليوم؟');
      await expectCleanScreen(page, 'ar-event');
      await page.locator('.tile-grid .tile').last().click(); // something else
      await page.locator('.kiosk[data-step="how-heard"] h1').waitFor();
      await page.locator('.kiosk-actions .kiosk-button.primary').click(); // skip
      await page.locator('.kiosk[data-question="help-with"] h1').waitFor();
      await page.locator('.tile-grid .tile').first().click();
      await page.locator('.answer-actions .kiosk-button.primary').click();
      for (let i = 0; i < 4 && (await page.locator('.kiosk').getAttribute('data-step')) === 'question'; i += 1) {
        const id = await page.locator('.kiosk').getAttribute('data-question');
        await page.locator('.kiosk-content .skip').first().click();
        await page.waitForFunction((prev) => document.querySelector('.kiosk')?.getAttribute('data-question') !== prev, id);
      }
      await page.locator('.kiosk[data-step="equality-intro"] h1').waitFor();
      await expectCleanScreen(page, 'ar-equality-intro');
      await page.locator('.kiosk-actions .kiosk-button.primary').click();
      await page.locator('.kiosk[data-question="ageBand"] h1').waitFor();
      expect(await page.locator('.kiosk h1').textContent()).toBe('كم عمرك؟');
      await expectCleanScreen(page, 'ar-equality-age');
    } finally {
      suite.hub.hub.programme.updateEvent(event.id, { name: event.name, kind: event.kind, startsAt: event.startsAt, endsAt: event.endsAt, partnerId: null, capacity: null, cancelled: true }, null);
    }
  });
});
