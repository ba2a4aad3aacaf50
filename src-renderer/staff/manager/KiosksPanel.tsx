import { useEffect, useState, type FormEvent } from 'react';
import { endpoints } from '../../../src-shared/api/endpoints';
import { kioskName, pairingCodeMinutes, type KioskView, type PairingCodeReply } from '../../../src-shared/api/kiosk-contract';
import { call } from '../../api/client';
import type { HubInfo } from '../hub-info';
import { describeError, formatClock } from '../text';

/**
 * Kiosks beyond the hub's own machine: a manager makes a one-time pairing code for a new one (shown
 * here once), sees which are enrolled and when each was last seen, and revokes one that is lost.
 */
export function KiosksPanel({ info }: { info: HubInfo }) {
  const [kiosks, setKiosks] = useState<KioskView[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const [pairing, setPairing] = useState<PairingCodeReply | null>(null);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const timeZone = info.hub.timeZone;

  useEffect(() => {
    let cancelled = false;
    call(endpoints.kiosks, {}).then(
      (reply) => {
        if (cancelled) return;
        setKiosks(reply.kiosks);
        setProblem(null);
      },
      (error: unknown) => {
        if (!cancelled) setProblem(describeError(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [version]);

  const createCode = async (event: FormEvent) => {
    event.preventDefault();
    setNameProblem(null);
    setMessage(null);
    const parsed = kioskName.safeParse(name);
    if (!parsed.success) return setNameProblem('Give the kiosk a name of up to 48 characters, such as "Entrance kiosk".');
    try {
      setPairing(await call(endpoints.pairingCode, { body: { name: parsed.data } }));
      setName('');
    } catch (error) {
      setNameProblem(describeError(error));
    }
  };

  const revoke = async (kiosk: KioskView) => {
    setMessage(null);
    try {
      await call(endpoints.revokeKiosk, { params: { kioskId: kiosk.id }, body: {} });
      setMessage(`${kiosk.name} revoked: it can no longer check anyone in.`);
      reload();
    } catch (error) {
      setProblem(describeError(error));
    }
  };

  const when = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${formatClock(iso, timeZone)}` : '—');

  return (
    <>
      <p className="staff-hint">
        The kiosk on this hub’s own machine needs nothing. Any other screen used as a kiosk must be enrolled once: make a pairing code here, then open{' '}
        <code>/kiosk?pair=1</code> on that screen and type the code.
      </p>
      {problem && <p className="staff-warning">{problem}</p>}
      {message && <p role="status">{message}</p>}
      <form className="staff-admin-form" onSubmit={(e) => void createCode(e)} noValidate aria-labelledby="pair-kiosk-title">
        <h3 id="pair-kiosk-title">Enrol a kiosk</h3>
        <div className="staff-field">
          <label htmlFor="kiosk-name">Kiosk name</label>
          <input id="kiosk-name" autoComplete="off" maxLength={48} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        {nameProblem && (
          <p role="alert" className="staff-error">
            {nameProblem}
          </p>
        )}
        <button type="submit" className="staff-button staff-button-primary">
          Make a pairing code
        </button>
      </form>
      {pairing && (
        <div className="staff-pairing-code" role="status" aria-live="polite">
          <p>
            Pairing code for <strong>{pairing.name}</strong> (works once, for {pairingCodeMinutes} minutes, until {formatClock(pairing.expiresAt, timeZone)}; it is not shown
            again):
          </p>
          <p className="staff-code" data-testid="pairing-code">
            {pairing.code}
          </p>
        </div>
      )}
      {kiosks && kiosks.length === 0 && <p>No kiosks are enrolled yet.</p>}
      {kiosks && kiosks.length > 0 && (
        <table className="staff-table">
          <caption>Enrolled kiosks</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Enrolled</th>
              <th scope="col">Last seen</th>
              <th scope="col">Kiosk</th>
            </tr>
          </thead>
          <tbody>
            {kiosks.map((k) => (
              <tr key={k.id}>
                <th scope="row">{k.name}</th>
                <td>{when(k.enrolledAt)}</td>
                <td>{when(k.lastSeenAt)}</td>
                <td>
                  {k.revokedAt ? (
                    `Revoked ${when(k.revokedAt)}`
                  ) : (
                    <>
                      {'Active '}
                      <button type="button" className="staff-button staff-button-small" onClick={() => void revoke(k)}>
                        {`Revoke ${k.name}`}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
