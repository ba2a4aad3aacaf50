import { useTranslation } from 'react-i18next';
import { equalityQuestions, journeyOutcomeKinds, outcomeEvidence, preferNotToSay, type EqualityQuestion, type JourneyOutcomeKind } from '../../src-shared/config/reporting';
import { endpoints } from '../../src-shared/api/endpoints';
import type { HubView, OutcomeKind, TicketView } from '../../src-shared/api/contract';
import type { EqualityAnswers } from '../../src-shared/reports/contract';
import { answerLabel, equalityQuestionLabels, outcomeKindLabel } from '../../src-shared/reports/figures';
import { call } from '../api/client';
import { staffT } from './staff-language';

/**
 * The programme evidence a partner can add while finishing: which programme a registration is on,
 * an evidenced outcome, and (at registration, only if the person agrees) the equality questions.
 * Every part is optional; each is one more choice on the dialog. Who a referral went to is the
 * receiver the finish dialog asks for (`organisationId` here), recorded as the referral's journey fact.
 */
export type JourneyDraft = {
  organisationId: string;
  programmeId: string;
  outcomeKind: JourneyOutcomeKind | '';
  evidence: string;
  outcomeOn: string;
  equalityConsent: boolean;
  equality: Partial<Record<EqualityQuestion, string>>;
};

export const emptyJourney: JourneyDraft = { organisationId: '', programmeId: '', outcomeKind: '', evidence: 'self-declaration', outcomeOn: '', equalityConsent: false, equality: {} };

export function JourneyFields({ hub, outcome, draft, onChange }: { hub: HubView; outcome: OutcomeKind | null; draft: JourneyDraft; onChange: (next: JourneyDraft) => void }) {
  const { t } = useTranslation('staff');
  const { programmes, equality } = hub.programme;
  const set = (patch: Partial<JourneyDraft>) => onChange({ ...draft, ...patch });
  return (
    <>
      {outcome === 'registered' && programmes.length > 0 && (
        <div className="staff-field">
          <label htmlFor="journey-programme">{t('journey.programme')}</label>
          <select id="journey-programme" value={draft.programmeId} onChange={(e) => set({ programmeId: e.target.value })}>
            <option value="">{t('journey.notNamed')}</option>
            {programmes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <details className="staff-journey-outcome">
        <summary>{t('journey.record')}</summary>
        <div className="staff-form-grid">
          <div className="staff-field">
            <label htmlFor="journey-outcome">{t('journey.outcome')}</label>
            <select id="journey-outcome" value={draft.outcomeKind} onChange={(e) => set({ outcomeKind: e.target.value as JourneyOutcomeKind | '' })}>
              <option value="">{t('journey.none')}</option>
              {journeyOutcomeKinds.map((k) => (
                <option key={k} value={k}>
                  {outcomeKindLabel(k)}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-field">
            <label htmlFor="journey-evidence">{t('journey.evidence')}</label>
            <select id="journey-evidence" value={draft.evidence} onChange={(e) => set({ evidence: e.target.value })}>
              {outcomeEvidence.map((k) => (
                <option key={k} value={k}>
                  {t(`journey.evidenceKind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-field">
            <label htmlFor="journey-outcome-on">{t('journey.date')}</label>
            <input id="journey-outcome-on" type="date" value={draft.outcomeOn} onChange={(e) => set({ outcomeOn: e.target.value })} />
          </div>
        </div>
      </details>
      {outcome === 'registered' && equality.enabled && (
        <fieldset className="staff-choices">
          <legend>{t('journey.equality')}</legend>
          <label>
            <input type="checkbox" checked={draft.equalityConsent} onChange={(e) => set({ equalityConsent: e.target.checked })} />
            {t('journey.agreed')}
          </label>
          {draft.equalityConsent && (
            <div className="staff-form-grid">
              {(equality.questions as EqualityQuestion[]).map((q) => (
                <div className="staff-field" key={q}>
                  <label htmlFor={`equality-${q}`}>{equalityQuestionLabels[q]}</label>
                  <select id={`equality-${q}`} value={draft.equality[q] ?? ''} onChange={(e) => set({ equality: { ...draft.equality, [q]: e.target.value } })}>
                    <option value="">{t('journey.notAsked')}</option>
                    {[...(equalityQuestions[q] as readonly string[]), preferNotToSay].map((a) => (
                      <option key={a} value={a}>
                        {answerLabel(a)}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </div>
          )}
        </fieldset>
      )}
    </>
  );
}

/** Sends what the draft holds, after the finish itself went through; returns the problem in words, if any. */
export async function saveJourney(ticket: TicketView, outcome: OutcomeKind, draft: JourneyDraft): Promise<string | null> {
  const params = { visitId: ticket.visitId };
  const serviceId = ticket.serviceId;
  try {
    if (outcome === 'referred' && draft.organisationId) {
      await call(endpoints.recordJourney, { params, body: { stage: 'referred', serviceId, organisationId: draft.organisationId } });
    }
    if (outcome === 'registered' && draft.programmeId) {
      await call(endpoints.recordJourney, { params, body: { stage: 'registered', serviceId, programmeId: draft.programmeId } });
    }
    if (draft.outcomeKind) {
      await call(endpoints.recordJourney, {
        params,
        body: {
          stage: 'outcome',
          serviceId,
          outcomeKind: draft.outcomeKind,
          evidence: draft.evidence as (typeof outcomeEvidence)[number],
          ...(draft.outcomeOn ? { occurredOn: draft.outcomeOn } : {}),
          ...(draft.programmeId ? { programmeId: draft.programmeId } : {}),
        },
      });
    }
    const answers = Object.fromEntries(Object.entries(draft.equality).filter(([, v]) => v)) as EqualityAnswers;
    if (outcome === 'registered' && draft.equalityConsent && Object.keys(answers).length > 0) {
      await call(endpoints.recordDemographics, { params, body: { consent: true, source: 'staff', answers } });
    }
    return null;
  } catch (error) {
    return staffT('journey.notSaved', { message: (error as Error).message });
  }
}
