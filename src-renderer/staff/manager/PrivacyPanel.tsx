import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServerMessage } from '../../../src-shared/api/contract';
import { endpoints } from '../../../src-shared/api/endpoints';
import {
  erasureBases,
  reasonText,
  requesters,
  subjectQuery,
  type ErasureBasis,
  type ErasureReply,
  type PrivacyStatusReply,
  type RetentionReport,
  type SubjectAccessReply,
  type SubjectMatch,
  type SubjectRef,
} from '../../../src-shared/api/privacy-contract';
import { call } from '../../api/client';
import { countsInStaffWords } from './privacy-text';
import { connectLive } from '../../api/live';
import { ConfirmDialog } from '../ConfirmDialog';
import type { HubInfo } from '../hub-info';
import { staffT } from '../staff-language';
import { describeError } from '../text';

type FindBy = 'card' | 'qr' | 'name';


const requesterLabel = (r: (typeof requesters)[number]) => staffT(`privacy.requester.${r}`);
const basisLabel = (b: ErasureBasis) => staffT(`privacy.basis.${b}`);

/** A file the browser saves, made from text, with the download attribute. */
function downloadUrl(text: string, type: string): string {
  return URL.createObjectURL(new Blob([text], { type }));
}

function RetentionSection({ status, onRun }: { status: PrivacyStatusReply | null; onRun: () => void }) {
  const { t } = useTranslation('staff');
  const [dryRun, setDryRun] = useState<RetentionReport | null>(null);
  const [done, setDone] = useState<RetentionReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const run = async (dry: boolean): Promise<boolean> => {
    setBusy(true);
    setProblem(null);
    try {
      const report = await call(endpoints.runRetention, { body: { dryRun: dry } });
      if (dry) {
        setDryRun(report);
        setDone(null);
      } else {
        setDone(report);
        setDryRun(null);
        onRun();
      }
      return true;
    } catch (error) {
      setProblem(describeError(error));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="retention-title" className="staff-admin-form">
      <h3 id="retention-title">{t('privacy.retention')}</h3>
      {status && (
        <p>
          {`${t('privacy.periods', { personal: status.personalDataRetentionDays, visits: status.visitRetentionDays })} ${
            status.lastRun ? t('privacy.lastRun', { day: status.lastRun.finishedAt.slice(0, 10), via: status.lastRun.via }) : t('privacy.notRun')
          }`}
        </p>
      )}
      <button type="button" className="staff-button" disabled={busy} onClick={() => void run(true)}>
        {t('privacy.check')}
      </button>
      {dryRun && (
        <div role="status" className="staff-notice">
          <p>
            {t('privacy.dryRun', {
              asOf: dryRun.asOf,
              cleared: countsInStaffWords(t, dryRun.cleared),
              personalCutoff: dryRun.personalCutoff,
              deleted: countsInStaffWords(t, dryRun.deleted),
              visitCutoff: dryRun.visitCutoff,
            })}
          </p>
          <button type="button" className="staff-button staff-button-danger" disabled={busy} onClick={() => setConfirming(true)}>
            {t('privacy.removeNow')}
          </button>
        </div>
      )}
      {done && (
        <p role="status" className="staff-notice">
          {t('privacy.ran', {
            asOf: done.asOf,
            cleared: countsInStaffWords(t, done.cleared),
            deleted: countsInStaffWords(t, done.deleted),
            pages: done.file.freedPages,
            walNote: done.file.walTruncated ? t('privacy.walEmptied') : '',
          })}
        </p>
      )}
      {problem && (
        <p role="alert" className="staff-error">
          {problem}
        </p>
      )}
      {confirming && (
        <ConfirmDialog title={t('privacy.confirmRemoveTitle')} confirmLabel={t('privacy.confirmRemove')} onConfirm={() => run(false)} onClose={() => setConfirming(false)}>
          {t('privacy.confirmRemoveBody')}
        </ConfirmDialog>
      )}
    </section>
  );
}

function NoticeSection({ status }: { status: PrivacyStatusReply | null }) {
  const { t } = useTranslation('staff');
  if (!status) return null;
  return (
    <section aria-labelledby="notice-title">
      <h3 id="notice-title">{t('privacy.notice')}</h3>
      <p>{t('privacy.noticeVersion', { version: status.noticeVersion })}</p>
      {status.notices.length > 0 && (
        <table className="staff-table">
          <caption>{t('privacy.versions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('privacy.colVersion')}</th>
              <th scope="col">{t('privacy.colVisits')}</th>
              <th scope="col">{t('privacy.colFirst')}</th>
              <th scope="col">{t('privacy.colLast')}</th>
            </tr>
          </thead>
          <tbody>
            {status.notices.map((n) => (
              <tr key={n.version}>
                <th scope="row">{n.version}</th>
                <td>{n.visits}</td>
                <td>{n.firstAgreedAt.slice(0, 10)}</td>
                <td>{n.lastAgreedAt.slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function SubjectActions({ match, onErased }: { match: SubjectMatch; onErased: (text: string) => void }) {
  const { t } = useTranslation('staff');
  const [requestedBy, setRequestedBy] = useState<(typeof requesters)[number]>('resident');
  const [exportReason, setExportReason] = useState('');
  const [exported, setExported] = useState<{ reply: SubjectAccessReply; json: string; html: string } | null>(null);
  const [basis, setBasis] = useState<ErasureBasis>('objection');
  const [eraseReason, setEraseReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const subject: SubjectRef = match.subject;
  const who = match.displayName ?? t('privacy.thisResident');

  useEffect(
    () => () => {
      if (exported) {
        URL.revokeObjectURL(exported.json);
        URL.revokeObjectURL(exported.html);
      }
    },
    [exported],
  );

  const doExport = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const reason = reasonText.safeParse(exportReason);
    if (!reason.success) return setProblem(t('privacy.exportReasonProblem', { problem: reason.error.issues[0]?.message ?? t('privacy.sayWhy') }));
    try {
      const reply = await call(endpoints.exportSubject, { body: { subject, requestedBy, reason: reason.data } });
      setExported({ reply, json: downloadUrl(JSON.stringify(reply.export, null, 2), 'application/json'), html: downloadUrl(reply.html, 'text/html') });
    } catch (error) {
      setProblem(describeError(error));
    }
  };

  const erase = async (): Promise<boolean> => {
    try {
      const reply: ErasureReply = await call(endpoints.eraseSubject, { body: { subject, basis, reason: eraseReason.trim() } });
      onErased(t('privacy.erased', { cleared: countsInStaffWords(t, reply.cleared), count: reply.visits }));
      return true;
    } catch (error) {
      setProblem(describeError(error));
      return false;
    }
  };

  const startErase = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const reason = reasonText.safeParse(eraseReason);
    if (!reason.success) return setProblem(t('privacy.eraseReasonProblem', { problem: reason.error.issues[0]?.message ?? t('privacy.sayWhy') }));
    setConfirming(true);
  };

  return (
    <div className="staff-privacy-subject">
      <form className="staff-admin-form" onSubmit={(e) => void doExport(e)} noValidate aria-labelledby="export-title">
        <h4 id="export-title">{t('privacy.exportTitle', { who })}</h4>
        <div className="staff-form-grid">
          <div className="staff-field">
            <label htmlFor="export-requested-by">{t('privacy.askedBy')}</label>
            <select id="export-requested-by" value={requestedBy} onChange={(e) => setRequestedBy(e.target.value as (typeof requesters)[number])}>
              {requesters.map((r) => (
                <option key={r} value={r}>
                  {requesterLabel(r)}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-field">
            <label htmlFor="export-reason">{t('privacy.exportReason')}</label>
            <input id="export-reason" autoComplete="off" maxLength={200} value={exportReason} onChange={(e) => setExportReason(e.target.value)} />
          </div>
        </div>
        <button type="submit" className="staff-button staff-button-primary">
          {t('privacy.export')}
        </button>
        {exported && (
          <p role="status">
            {`${t('privacy.exported', { count: exported.reply.export.visits.length })} `}
            <a href={exported.html} download={`${exported.reply.fileName}.html`}>
              {t('privacy.savePage')}
            </a>{' '}
            <a href={exported.json} download={`${exported.reply.fileName}.json`}>
              {t('privacy.saveData')}
            </a>
          </p>
        )}
      </form>
      <form className="staff-admin-form" onSubmit={startErase} noValidate aria-labelledby="erase-title">
        <h4 id="erase-title">{t('privacy.eraseTitle', { who })}</h4>
        <fieldset className="staff-choices">
          <legend>{t('privacy.ground')}</legend>
          {erasureBases.map((b) => (
            <label key={b}>
              <input type="radio" name="erase-basis" checked={basis === b} onChange={() => setBasis(b)} />
              {basisLabel(b)}
            </label>
          ))}
        </fieldset>
        <div className="staff-field">
          <label htmlFor="erase-reason">{t('privacy.eraseReason')}</label>
          <input id="erase-reason" autoComplete="off" maxLength={200} value={eraseReason} onChange={(e) => setEraseReason(e.target.value)} />
        </div>
        <button type="submit" className="staff-button staff-button-danger">
          {t('privacy.erase')}
        </button>
      </form>
      {problem && (
        <p role="alert" className="staff-error">
          {problem}
        </p>
      )}
      {confirming && (
        <ConfirmDialog title={t('privacy.confirmEraseTitle', { who })} confirmLabel={t('privacy.confirmErase')} onConfirm={erase} onClose={() => setConfirming(false)}>
          {t('privacy.confirmEraseBody')}
        </ConfirmDialog>
      )}
    </div>
  );
}

function FindSection() {
  const { t } = useTranslation('staff');
  const [by, setBy] = useState<FindBy>('card');
  const [raw, setRaw] = useState('');
  const [name, setName] = useState('');
  const [day, setDay] = useState('');
  const [matches, setMatches] = useState<SubjectMatch[] | null>(null);
  const [selected, setSelected] = useState<SubjectMatch | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const stopReading = useRef<(() => void) | null>(null);
  useEffect(() => () => stopReading.current?.(), []);

  const find = async (query: unknown) => {
    setProblem(null);
    setMessage(null);
    setSelected(null);
    const parsed = subjectQuery.safeParse(query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return setProblem(issue ? `${String(issue.path[0] ?? 'search')}: ${issue.message}` : t('privacy.fillIn'));
    }
    try {
      const reply = await call(endpoints.findSubjects, { body: parsed.data });
      setMatches(reply.matches);
      if (reply.matches.length === 1) setSelected(reply.matches[0]!);
    } catch (error) {
      setMatches(null);
      setProblem(describeError(error));
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void find(by === 'name' ? { by, name, day } : { by, raw });
  };

  // The hub's own card reader: the next card read there fills the form and searches.
  const readCard = () => {
    setReading(true);
    setProblem(null);
    stopReading.current?.();
    stopReading.current = connectLive({
      onState: () => undefined,
      onMessage: (message: ServerMessage) => {
        if (message.kind !== 'reader' || message.source !== 'card') return;
        stopReading.current?.();
        stopReading.current = null;
        setReading(false);
        if (!message.outcome.ok) return setProblem(message.outcome.message);
        setBy('card');
        setRaw(message.outcome.identity.token.id);
        void find({ by: 'card', raw: message.outcome.identity.token.id });
      },
    });
  };

  return (
    <section aria-labelledby="find-title">
      <h3 id="find-title">{t('privacy.findTitle')}</h3>
      <form className="staff-admin-form" onSubmit={submit} noValidate aria-label={t('privacy.findForm')}>
        <fieldset className="staff-choices staff-choices-inline">
          <legend>{t('privacy.findBy')}</legend>
          <label>
            <input type="radio" name="find-by" checked={by === 'card'} onChange={() => setBy('card')} />
            {t('privacy.byCard')}
          </label>
          <label>
            <input type="radio" name="find-by" checked={by === 'qr'} onChange={() => setBy('qr')} />
            {t('privacy.byQr')}
          </label>
          <label>
            <input type="radio" name="find-by" checked={by === 'name'} onChange={() => setBy('name')} />
            {t('privacy.byName')}
          </label>
        </fieldset>
        {by === 'name' ? (
          <div className="staff-form-grid">
            <div className="staff-field">
              <label htmlFor="find-name">{t('privacy.name')}</label>
              <input id="find-name" autoComplete="off" maxLength={40} value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="staff-field">
              <label htmlFor="find-day">{t('privacy.day')}</label>
              <input id="find-day" type="date" value={day} onChange={(e) => setDay(e.target.value)} />
            </div>
          </div>
        ) : (
          <div className="staff-field">
            <label htmlFor="find-raw">{by === 'card' ? t('privacy.cardNumber') : t('privacy.qrText')}</label>
            <input id="find-raw" autoComplete="off" maxLength={by === 'card' ? 256 : 1024} value={raw} onChange={(e) => setRaw(e.target.value)} />
          </div>
        )}
        <div className="staff-dialog-actions">
          <button type="submit" className="staff-button staff-button-primary">
            {t('privacy.find')}
          </button>
          <button type="button" className="staff-button" onClick={readCard} disabled={reading}>
            {reading ? t('privacy.waitingCard') : t('privacy.readCard')}
          </button>
        </div>
      </form>
      {problem && (
        <p role="alert" className="staff-error">
          {problem}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {matches && matches.length === 0 && <p role="status">{t('privacy.nobody')}</p>}
      {matches && matches.length > 0 && (
        <table className="staff-table">
          <caption>{t('privacy.found')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('privacy.colName')}</th>
              <th scope="col">{t('privacy.colIds')}</th>
              <th scope="col">{t('privacy.colVisits')}</th>
              <th scope="col">{t('privacy.colFirstLast')}</th>
              <th scope="col">{t('privacy.colChoose')}</th>
            </tr>
          </thead>
          <tbody>
            {matches.map((m) => {
              const key = m.subject.kind === 'resident' ? m.subject.visitorId : m.subject.visitId;
              const chosen = selected !== null && JSON.stringify(selected.subject) === JSON.stringify(m.subject);
              return (
                <tr key={key}>
                  <th scope="row">{m.displayName ?? t('privacy.noName')}</th>
                  <td>{m.identifiers.join(', ') || t('privacy.noIds')}</td>
                  <td>{m.visits}</td>
                  <td>{m.firstVisit === m.lastVisit ? m.firstVisit : `${m.firstVisit} – ${m.lastVisit}`}</td>
                  <td>
                    <button type="button" className="staff-button staff-button-small" aria-pressed={chosen} onClick={() => setSelected(m)}>
                      {chosen ? t('privacy.chosen') : t('privacy.choose')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {selected && (
        <SubjectActions
          key={JSON.stringify(selected.subject)}
          match={selected}
          onErased={(text) => {
            setSelected(null);
            setMatches(null);
            setMessage(text);
          }}
        />
      )}
    </section>
  );
}

/**
 * Data protection, for administrators: retention now (a dry run first), the privacy notice versions
 * visits agreed to, and subject access — find a resident, export what is held, erase with a reason.
 * Every use is in the audit log.
 */
export function PrivacyPanel({ info }: { info: HubInfo }) {
  const { t } = useTranslation('staff');
  const [status, setStatus] = useState<PrivacyStatusReply | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let cancelled = false;
    call(endpoints.privacyStatus, {}).then(
      (reply) => {
        if (!cancelled) setStatus(reply);
      },
      (error: unknown) => {
        if (!cancelled) setProblem(describeError(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [version]);
  return (
    <>
      <p className="staff-hint">{t('privacy.hint', { hub: info.hub.name.en })}</p>
      {problem && <p className="staff-warning">{problem}</p>}
      <RetentionSection status={status} onRun={() => setVersion((v) => v + 1)} />
      <NoticeSection status={status} />
      <FindSection />
    </>
  );
}
