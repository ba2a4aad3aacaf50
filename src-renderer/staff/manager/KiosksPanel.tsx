import { useEffect, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { endpoints } from '../../../src-shared/api/endpoints';
import { kioskName, pairingCodeMinutes, type KioskView, type PairingCodeReply } from '../../../src-shared/api/kiosk-contract';
import { call } from '../../api/client';
import type { HubInfo } from '../hub-info';
import { slot, splitAtSlot } from '../staff-language';
import { describeError, formatClock } from '../text';

/**
 * Kiosks beyond the hub's own machine: a manager makes a one-time pairing code for a new one (shown
 * here once), sees which are enrolled and when each was last seen, and revokes one that is lost.
 */
export function KiosksPanel({ info }: { info: HubInfo }) {
  const { t } = useTranslation('staff');
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
    if (!parsed.success) return setNameProblem(t('kiosks.nameProblem'));
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
      setMessage(t('kiosks.revoked', { name: kiosk.name }));
      reload();
    } catch (error) {
      setProblem(describeError(error));
    }
  };

  const [beforeName, afterName] = pairing
    ? splitAtSlot(t('kiosks.codeFor', { name: slot, minutes: pairingCodeMinutes, time: formatClock(pairing.expiresAt, timeZone) }))
    : ['', ''];
  const when = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${formatClock(iso, timeZone)}` : '—');

  return (
    <>
      <p className="staff-hint">
        <Trans t={t} i18nKey="kiosks.hint" components={{ code: <code /> }} />
      </p>
      {problem && <p className="staff-warning">{problem}</p>}
      {message && <p role="status">{message}</p>}
      <form className="staff-admin-form" onSubmit={(e) => void createCode(e)} noValidate aria-labelledby="pair-kiosk-title">
        <h3 id="pair-kiosk-title">{t('kiosks.enrol')}</h3>
        <div className="staff-field">
          <label htmlFor="kiosk-name">{t('kiosks.name')}</label>
          <input id="kiosk-name" autoComplete="off" maxLength={48} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        {nameProblem && (
          <p role="alert" className="staff-error">
            {nameProblem}
          </p>
        )}
        <button type="submit" className="staff-button staff-button-primary">
          {t('kiosks.makeCode')}
        </button>
      </form>
      {pairing && (
        <div className="staff-pairing-code" role="status" aria-live="polite">
          <p>
            {beforeName}
            <strong>{pairing.name}</strong>
            {afterName}
          </p>
          <p className="staff-code" data-testid="pairing-code">
            {pairing.code}
          </p>
        </div>
      )}
      {kiosks && kiosks.length === 0 && <p>{t('kiosks.none')}</p>}
      {kiosks && kiosks.length > 0 && (
        <table className="staff-table">
          <caption>{t('kiosks.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('kiosks.colName')}</th>
              <th scope="col">{t('kiosks.colEnrolled')}</th>
              <th scope="col">{t('kiosks.colLastSeen')}</th>
              <th scope="col">{t('kiosks.colKiosk')}</th>
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
                    t('kiosks.revokedAt', { when: when(k.revokedAt) })
                  ) : (
                    <>
                      {`${t('kiosks.active')} `}
                      <button type="button" className="staff-button staff-button-small" onClick={() => void revoke(k)}>
                        {t('kiosks.revoke', { name: k.name })}
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
