import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ServerMessage } from '../../../src-shared/api/contract';
import { endpoints } from '../../../src-shared/api/endpoints';
import {
  countsInWords,
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
import { connectLive } from '../../api/live';
import { ConfirmDialog } from '../ConfirmDialog';
import type { HubInfo } from '../hub-info';
import { describeError } from '../text';

type FindBy = 'card' | 'qr' | 'name';


const requesterLabel: Record<(typeof requesters)[number], string> = {
  resident: 'The resident themself',
  representative: 'Someone acting for them',
  authority: 'An authority with a legal basis',
};

const basisLabel: Record<ErasureBasis, string> = {
  objection: 'Objection: they object to processing done as a public task',
  erasure: 'Erasure: they withdraw consent or ask for their data to be erased',
};

/** A file the browser saves, made from text, with the download attribute. */
function downloadUrl(text: string, type: string): string {
  return URL.createObjectURL(new Blob([text], { type }));
}

function RetentionSection({ status, onRun }: { status: PrivacyStatusReply | null; onRun: () => void }) {
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
      <h3 id="retention-title">Retention</h3>
      {status && (
        <p>
          Names, free text, sensitive answers, access needs and card links go {status.personalDataRetentionDays} days after a visit; visits go after{' '}
          {status.visitRetentionDays} days, their anonymous counts kept. The hub runs this by itself every day.{' '}
          {status.lastRun ? `Last run ${status.lastRun.finishedAt.slice(0, 10)} (${status.lastRun.via}).` : 'It has not run yet.'}
        </p>
      )}
      <button type="button" className="staff-button" disabled={busy} onClick={() => void run(true)}>
        Check what retention would remove
      </button>
      {dryRun && (
        <div role="status" className="staff-notice">
          <p>
            Dry run as of {dryRun.asOf}: would clear {countsInWords(dryRun.cleared)} (visits before {dryRun.personalCutoff}); would delete {countsInWords(dryRun.deleted)}{' '}
            (visits before {dryRun.visitCutoff}). Nothing was changed.
          </p>
          <button type="button" className="staff-button staff-button-danger" disabled={busy} onClick={() => setConfirming(true)}>
            Remove it now
          </button>
        </div>
      )}
      {done && (
        <p role="status" className="staff-notice">
          Retention ran as of {done.asOf}: cleared {countsInWords(done.cleared)}; deleted {countsInWords(done.deleted)}. {done.file.freedPages} free pages given back
          {done.file.walTruncated ? ', the WAL emptied' : ''}. It is in the audit log.
        </p>
      )}
      {problem && (
        <p role="alert" className="staff-error">
          {problem}
        </p>
      )}
      {confirming && (
        <ConfirmDialog title="Remove this personal data now?" confirmLabel="Remove it" onConfirm={() => run(false)} onClose={() => setConfirming(false)}>
          What the dry run listed is removed for good; anonymous counts stay.
        </ConfirmDialog>
      )}
    </section>
  );
}

function NoticeSection({ status }: { status: PrivacyStatusReply | null }) {
  if (!status) return null;
  return (
    <section aria-labelledby="notice-title">
      <h3 id="notice-title">Privacy notice</h3>
      <p>The kiosk shows version {status.noticeVersion}. Each visit records the version it agreed to.</p>
      {status.notices.length > 0 && (
        <table className="staff-table">
          <caption>Versions visits agreed to</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Visits</th>
              <th scope="col">First</th>
              <th scope="col">Last</th>
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
  const [requestedBy, setRequestedBy] = useState<(typeof requesters)[number]>('resident');
  const [exportReason, setExportReason] = useState('');
  const [exported, setExported] = useState<{ reply: SubjectAccessReply; json: string; html: string } | null>(null);
  const [basis, setBasis] = useState<ErasureBasis>('objection');
  const [eraseReason, setEraseReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const subject: SubjectRef = match.subject;
  const who = match.displayName ?? 'this resident';

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
    if (!reason.success) return setProblem(`Reason for the export: ${reason.error.issues[0]?.message ?? 'say why'}.`);
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
      onErased(`Erased: ${countsInWords(reply.cleared)} over ${reply.visits} visit${reply.visits === 1 ? '' : 's'}. The programme's collector is told through the outbox.`);
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
    if (!reason.success) return setProblem(`Reason for the erasure: ${reason.error.issues[0]?.message ?? 'say why'}.`);
    setConfirming(true);
  };

  return (
    <div className="staff-privacy-subject">
      <form className="staff-admin-form" onSubmit={(e) => void doExport(e)} noValidate aria-labelledby="export-title">
        <h4 id="export-title">Export what is held about {who}</h4>
        <div className="staff-form-grid">
          <div className="staff-field">
            <label htmlFor="export-requested-by">Asked by</label>
            <select id="export-requested-by" value={requestedBy} onChange={(e) => setRequestedBy(e.target.value as (typeof requesters)[number])}>
              {requesters.map((r) => (
                <option key={r} value={r}>
                  {requesterLabel[r]}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-field">
            <label htmlFor="export-reason">Reason for the export (no names)</label>
            <input id="export-reason" autoComplete="off" maxLength={200} value={exportReason} onChange={(e) => setExportReason(e.target.value)} />
          </div>
        </div>
        <button type="submit" className="staff-button staff-button-primary">
          Export
        </button>
        {exported && (
          <p role="status">
            {exported.reply.export.visits.length} visit{exported.reply.export.visits.length === 1 ? '' : 's'} exported.{' '}
            <a href={exported.html} download={`${exported.reply.fileName}.html`}>
              Save the page (HTML)
            </a>{' '}
            <a href={exported.json} download={`${exported.reply.fileName}.json`}>
              Save the data (JSON)
            </a>
          </p>
        )}
      </form>
      <form className="staff-admin-form" onSubmit={startErase} noValidate aria-labelledby="erase-title">
        <h4 id="erase-title">Erase {who}</h4>
        <fieldset className="staff-choices">
          <legend>On what ground</legend>
          {erasureBases.map((b) => (
            <label key={b}>
              <input type="radio" name="erase-basis" checked={basis === b} onChange={() => setBasis(b)} />
              {basisLabel[b]}
            </label>
          ))}
        </fieldset>
        <div className="staff-field">
          <label htmlFor="erase-reason">Reason for the erasure (no names)</label>
          <input id="erase-reason" autoComplete="off" maxLength={200} value={eraseReason} onChange={(e) => setEraseReason(e.target.value)} />
        </div>
        <button type="submit" className="staff-button staff-button-danger">
          Erase personal data
        </button>
      </form>
      {problem && (
        <p role="alert" className="staff-error">
          {problem}
        </p>
      )}
      {confirming && (
        <ConfirmDialog title={`Erase ${who}?`} confirmLabel="Erase" onConfirm={erase} onClose={() => setConfirming(false)}>
          Their name, card links, answers, notes and equality monitoring answers go for good, on every visit. Anonymous counts stay. Their card starts as unknown
          next time.
        </ConfirmDialog>
      )}
    </div>
  );
}

function FindSection() {
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
      return setProblem(issue ? `${String(issue.path[0] ?? 'search')}: ${issue.message}` : 'Fill in how to find them.');
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
      <h3 id="find-title">Find a resident (subject access, erasure)</h3>
      <form className="staff-admin-form" onSubmit={submit} noValidate aria-label="Find a resident">
        <fieldset className="staff-choices staff-choices-inline">
          <legend>Find by</legend>
          <label>
            <input type="radio" name="find-by" checked={by === 'card'} onChange={() => setBy('card')} />
            Card
          </label>
          <label>
            <input type="radio" name="find-by" checked={by === 'qr'} onChange={() => setBy('qr')} />
            QR code
          </label>
          <label>
            <input type="radio" name="find-by" checked={by === 'name'} onChange={() => setBy('name')} />
            Name and visit day
          </label>
        </fieldset>
        {by === 'name' ? (
          <div className="staff-form-grid">
            <div className="staff-field">
              <label htmlFor="find-name">Name or initials</label>
              <input id="find-name" autoComplete="off" maxLength={40} value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="staff-field">
              <label htmlFor="find-day">Day of a visit</label>
              <input id="find-day" type="date" value={day} onChange={(e) => setDay(e.target.value)} />
            </div>
          </div>
        ) : (
          <div className="staff-field">
            <label htmlFor="find-raw">{by === 'card' ? 'Card number (type it, or read the card with a reader here)' : 'QR code text (membership, booking or ticket)'}</label>
            <input id="find-raw" autoComplete="off" maxLength={by === 'card' ? 256 : 1024} value={raw} onChange={(e) => setRaw(e.target.value)} />
          </div>
        )}
        <div className="staff-dialog-actions">
          <button type="submit" className="staff-button staff-button-primary">
            Find
          </button>
          <button type="button" className="staff-button" onClick={readCard} disabled={reading}>
            {reading ? 'Waiting for a card at the hub’s reader…' : 'Read a card at the hub’s reader'}
          </button>
        </div>
      </form>
      {problem && (
        <p role="alert" className="staff-error">
          {problem}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {matches && matches.length === 0 && <p role="status">Nobody found. The hub may never have known them, or their data has gone already.</p>}
      {matches && matches.length > 0 && (
        <table className="staff-table">
          <caption>Residents found</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Cards and QR codes</th>
              <th scope="col">Visits</th>
              <th scope="col">First and last visit</th>
              <th scope="col">Choose</th>
            </tr>
          </thead>
          <tbody>
            {matches.map((m) => {
              const key = m.subject.kind === 'resident' ? m.subject.visitorId : m.subject.visitId;
              const chosen = selected !== null && JSON.stringify(selected.subject) === JSON.stringify(m.subject);
              return (
                <tr key={key}>
                  <th scope="row">{m.displayName ?? 'No name given'}</th>
                  <td>{m.identifiers.join(', ') || 'none (one visit)'}</td>
                  <td>{m.visits}</td>
                  <td>{m.firstVisit === m.lastVisit ? m.firstVisit : `${m.firstVisit} – ${m.lastVisit}`}</td>
                  <td>
                    <button type="button" className="staff-button staff-button-small" aria-pressed={chosen} onClick={() => setSelected(m)}>
                      {chosen ? 'Chosen' : 'Choose'}
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
      <p className="staff-hint">{info.hub.name.en}: what the hub keeps about residents, and for how long. Every action here is in the audit log.</p>
      {problem && <p className="staff-warning">{problem}</p>}
      <RetentionSection status={status} onRun={() => setVersion((v) => v + 1)} />
      <NoticeSection status={status} />
      <FindSection />
    </>
  );
}
