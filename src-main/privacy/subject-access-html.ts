import type { SubjectExport } from '../../src-shared/api/privacy-contract';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: every character that could open markup escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

const shown = (value: string | null | undefined) => (value === null || value === undefined || value === '' ? '—' : escapeHtml(value));
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

function rows(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${v}</td></tr>`).join('');
}

function table(caption: string, headings: string[], body: string[][]): string {
  if (body.length === 0) return `<p>${escapeHtml(caption)}: none.</p>`;
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${headings.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${body
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/**
 * The export as a page a resident can read, print or save: what the hub holds about them, visit by
 * visit. Self-contained (no scripts, no outside resources); every value escaped.
 */
export function subjectAccessHtml(data: SubjectExport): string {
  const resident = data.resident;
  const residentPart = resident
    ? `<section><h2>Your record</h2><table><tbody>${rows([
        ['Name or initials', shown(resident.displayName)],
        ['Language', shown(resident.language)],
        ['Known since', shown(resident.since)],
        ['Cards and QR codes', resident.identifiers.length === 0 ? 'none' : resident.identifiers.map((i) => `${i.kind === 'card' ? 'card' : 'QR code'} (since ${escapeHtml(i.since)})`).join(', ')],
      ])}</tbody></table>
      <p>Card and QR numbers are kept only in a scrambled form (a keyed hash) that cannot be turned back into the number.</p>
      ${
        resident.demographics
          ? table(
              'Equality monitoring answers',
              ['Question', 'Answer'],
              Object.entries(resident.demographics).map(([k, v]) => [escapeHtml(k.replace(/_/g, ' ')), shown(v)]),
            )
          : '<p>Equality monitoring answers: none.</p>'
      }</section>`
    : '';
  const visits = data.visits
    .map(
      (v) => `<section><h2>Visit on ${escapeHtml(v.serviceDay)}</h2>
      <table><tbody>${rows([
        ['Checked in', escapeHtml(v.checkedInAt)],
        ['How', escapeHtml(v.method)],
        ['Name or initials', shown(v.displayName)],
        ['Language', shown(v.language)],
        ['Interpreter', yesNo(v.interpreter)],
        ['Access needs', v.accessibility.length ? v.accessibility.map(escapeHtml).join(', ') : 'none'],
        ['Asked to talk to someone', yesNo(v.talkToSomeone)],
        [
          'Privacy notice agreed',
          v.privacyNotice ? `version ${escapeHtml(v.privacyNotice.version)}; optional questions: ${yesNo(v.privacyNotice.optionalQuestions)}` : '—',
        ],
        ['Needs', v.needs.length ? v.needs.map(escapeHtml).join(', ') : 'none'],
        ['Flags', v.flags.length ? v.flags.map(escapeHtml).join(', ') : 'none'],
        ['Personal details removed', shown(v.personalDataRemovedAt)],
      ])}</tbody></table>
      ${table('How you heard about the hub', ['Answer', 'Your words'], v.howHeard.map((h) => [escapeHtml(h.option), shown(h.text)]))}
      ${table('Your answers', ['Question', 'Answer'], v.answers.map((a) => [escapeHtml(a.question), a.skipped ? 'skipped' : shown(a.answer)]))}
      ${table('Tickets', ['Number', 'Service', 'Status', 'Desk', 'Queued', 'Called', 'Finished'], v.tickets.map((t) => [escapeHtml(t.number), escapeHtml(t.service), escapeHtml(t.status), shown(t.desk), escapeHtml(t.queuedAt), shown(t.calledAt), shown(t.finishedAt)]))}
      ${table('Outcomes', ['Service', 'Outcome', 'Referred to', 'Note', 'Recorded'], v.outcomes.map((o) => [escapeHtml(o.service), escapeHtml(o.kind), shown(o.referredTo), shown(o.note), escapeHtml(o.recordedAt)]))}
      ${table(
        'Your journey: support recorded for you',
        ['Service', 'Step', 'Organisation', 'Programme', 'Outcome', 'Evidence', 'Dated'],
        v.journey.map((j) => [escapeHtml(j.service), escapeHtml(j.stage), shown(j.organisation), shown(j.programme), shown(j.outcome), shown(j.evidence), escapeHtml(j.occurredOn)]),
      )}
      ${v.event ? `<p>You came for the event: ${escapeHtml(v.event)}</p>` : ''}
      </section>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`Information held about you — ${data.hub.name}`)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}table{border-collapse:collapse;margin:0.5rem 0 1rem;width:100%}th,td{border:1px solid #888;padding:0.25rem 0.5rem;text-align:left;vertical-align:top}caption{text-align:left;font-weight:bold;padding:0.25rem 0}section{margin-bottom:2rem}</style>
</head><body><main>
<h1>Information held about you</h1>
<p>${escapeHtml(data.hub.name)} · exported ${escapeHtml(data.exportedAt)}</p>
<p>Names, free text, answers to sensitive questions, access needs and card links are removed ${data.retention.personalDataRetentionDays} days after a visit; anonymous counts of visits are kept, and visits are deleted after ${data.retention.visitRetentionDays} days.</p>
${residentPart}
${data.visits.length === 0 ? '<p>No visits are held.</p>' : visits}
<p>Events about these visits waiting to be sent to the programme (without names): ${data.outboxEvents}.</p>
</main></body></html>
`;
}
