import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { equalityQuestions, ethnicGroups, preferNotToSay, type EqualityQuestion } from '../../../src-shared/config/reporting';
import { ChoiceTile } from '../ChoiceTile';
import { Icon } from '../Icon';
import { equalityQuestionsOf } from '../journey';
import { useKiosk } from '../kiosk-context';
import { ScreenShell } from '../ScreenShell';

/** Translation keys of the five ethnic group headings, in the order of `ethnicGroups`. */
const groupKeys = ['white', 'mixed', 'asian', 'black', 'other'] as const;

type AnswerKey = { [Q in EqualityQuestion]: `equality.a.${Q}.${(typeof equalityQuestions)[Q][number]}` }[EqualityQuestion];

/** The translation key of each answer of a question (every one exists in every language: the key test checks). */
function answerKey(question: EqualityQuestion, answer: string): AnswerKey {
  return `equality.a.${question}.${answer}` as AnswerKey;
}

/**
 * One optional equality question: its answers as large tiles, "prefer not to say" always, skip
 * this one, or skip the rest. Ethnicity is asked in two steps (the group, then within it), as the
 * GSS standard does, so no screen holds nineteen answers.
 */
export function EqualityScreen({ question }: { question: EqualityQuestion }) {
  const { t } = useTranslation();
  const { setup, journey, dispatch } = useKiosk();
  const current = journey.equality[question];
  // Ethnicity: the group chosen on this screen (null: choosing the group).
  const [group, setGroup] = useState<number | null>(null);
  const inGroup = question === 'ethnicity' && group !== null;
  const answer = (value: string | null) => dispatch({ type: 'equality-answer', question, answer: value });
  const asked = equalityQuestionsOf(setup, journey);
  const position = asked.indexOf(question) + 1;

  const heading = inGroup ? t('equality.q.ethnicityWithin', { group: t(`equality.groups.${groupKeys[group]!}`) }) : t(`equality.q.${question}`);
  const options: { id: string; label: string; onClick: () => void }[] =
    question === 'ethnicity' && !inGroup
      ? ethnicGroups.map((g, i) => ({ id: g.group, label: t(`equality.groups.${groupKeys[i]!}`), onClick: () => setGroup(i) }))
      : (inGroup ? ethnicGroups[group]!.ids : (equalityQuestions[question] as readonly string[])).map((id) => ({
          id,
          label: t(answerKey(question, id)),
          onClick: () => answer(id),
        }));

  return (
    <ScreenShell
      heading={heading}
      className="question equality"
      above={
        <div className="question-top">
          <p className="progress-text">
            {t('equality.optional')} · {t('triage.progress', { current: Math.max(position, 1), total: Math.max(asked.length, 1) })}
          </p>
        </div>
      }
      speech={[heading, ...options.map((o) => o.label), t('equality.preferNotToSay')].join('. ')}
      onBack={inGroup ? () => setGroup(null) : () => dispatch({ type: 'back' })}
      actions={
        <>
          <button type="button" className="kiosk-button secondary skip" onClick={() => answer(null)}>
            {t('common.skipQuestion')}
          </button>
          <button type="button" className="kiosk-button secondary" onClick={() => dispatch({ type: 'equality-skip' })}>
            <Icon name="forward" />
            <span>{t('equality.skipRest')}</span>
          </button>
        </>
      }
    >
      <p className="hint" id="equality-hint">
        {t('equality.hint')}
      </p>
      <div className="tile-grid" role="group" aria-labelledby="kiosk-heading" aria-describedby="equality-hint">
        {options.map((o) => (
          <ChoiceTile key={o.id} label={o.label} pressed={current === o.id} onClick={o.onClick} />
        ))}
        <ChoiceTile label={t('equality.preferNotToSay')} pressed={current === preferNotToSay} onClick={() => answer(preferNotToSay)} />
      </div>
    </ScreenShell>
  );
}
