import { useCallback, useMemo, useRef, useState } from 'react';
import type { HubView, QueueEvent, TicketView } from '../../src-shared/api/contract';
import { localize } from '../../src-shared/config/schema';
import { createDisplayI18n, displayLanguageOf, displayNamespace } from '../i18n/display-i18n';
import { directionOf } from '../i18n/languages';
import { NeedsReloadBanner } from '../screens/NeedsReloadBanner';
import { useLiveQueue } from '../screens/useLiveQueue';
import { unlockAudio, useSoundState } from '../staff/audio';
import { formatClock } from '../staff/text';
import { useNow } from '../staff/useNow';
import { useZoomableViewport } from '../staff/viewport';
import { useCallAnnouncer } from './useCallAnnouncer';
import './display.css';

/** Calls older than this (a catch-up after a long outage) are shown but not chimed or spoken again. */
const ANNOUNCE_WITHIN_MS = 120_000;

/**
 * The "now calling" board for a TV on the wall: the ticket number and desk in huge type, the last
 * few calls, a chime and a spoken call. It shows ticket numbers and desks only, and names only
 * where the hub's configuration says so (display.showName). Its words are in the hub's default
 * language; a call for a visitor who chose another language is written in theirs too.
 */
export function NowCallingBoard({ hub }: { hub: HubView }) {
  useZoomableViewport();
  const announce = useCallAnnouncer(hub);
  const announced = useRef(new Set<string>());
  const onEvent = useCallback(
    (event: QueueEvent, fresh: boolean) => {
      if (!fresh || (event.type !== 'called' && event.type !== 'recalled')) return;
      const key = `${event.ticket.id}:${event.seq}`;
      if (announced.current.has(key)) return;
      announced.current.add(key);
      if (Math.abs(Date.now() - Date.parse(event.at)) <= ANNOUNCE_WITHIN_MS) announce(event.ticket);
    },
    [announce],
  );
  // Replaying the last few hundred events shows today's recent calls at once after a (re)start.
  const live = useLiveQueue({ recentCalls: Math.max(1, hub.display.recentCalls) + 1, onEvent, timeZone: hub.timeZone, replayEvents: 300 });
  const now = useNow(15_000);
  const sound = useSoundState();
  const wantsSound = hub.display.chime || hub.display.speak;
  const [current, ...previous] = live.lastCalled;
  const language = hub.languages.default;
  // A default language the board has no words for shows English, and says so to a screen reader.
  const boardLanguage = displayLanguageOf(language) ?? 'en';
  const [i18n] = useState(() => createDisplayI18n(boardLanguage));
  const t = useMemo(() => i18n.getFixedT(boardLanguage, displayNamespace), [i18n, boardLanguage]);

  const name = (displayName: string | null) => (hub.display.showName && displayName ? displayName : null);
  // One number for the whole visit: the service says which of its stops is being called.
  const serviceName = (serviceId: string) => localize(hub.services.find((s) => s.id === serviceId)?.name, language) || serviceId;
  /** The call in the visitor's own language, when it is not the board's and the board has words for it. */
  const visitorCall = (ticket: TicketView) => {
    const own = ticket.language ? displayLanguageOf(ticket.language) : null;
    if (!own || own === boardLanguage || !ticket.desk) return null;
    return { lang: own, dir: directionOf(own), text: i18n.getFixedT(own, displayNamespace)('visitorCall', { number: ticket.number, desk: ticket.desk }) };
  };
  const currentInOwn = current ? visitorCall(current) : null;

  return (
    <div className="nc-board" data-live={live.state} lang={boardLanguage} dir={directionOf(boardLanguage)}>
      <header className="nc-header">
        <h1 className="nc-hub">{localize(hub.name, language)}</h1>
        <p className="nc-clock" aria-hidden="true">
          {formatClock(new Date(now).toISOString(), hub.timeZone)}
        </p>
      </header>
      <main className="nc-main">
        <section className="nc-current" aria-labelledby="nc-title" aria-live="assertive" aria-atomic="true">
          <h2 id="nc-title" className="nc-label">
            {t('nowCalling')}
          </h2>
          {/* Keyed by the call, so the highlight runs again for every new call. */}
          <div key={current ? `${current.id}:${current.calledAt ?? ''}` : 'idle'} className={`nc-current-box${current ? ' nc-flash' : ''}`}>
            {current ? (
              <p className="nc-call" data-ticket={current.number}>
                <span className="nc-number">{current.number}</span>
                <span className="nc-to">
                  <span className="nc-arrow" aria-hidden="true">
                    →
                  </span>{' '}
                  <span className="nc-desk">{current.desk}</span>
                </span>
                <span className="nc-service">{serviceName(current.serviceId)}</span>
                {name(current.displayName) && <span className="nc-name">{name(current.displayName)}</span>}
                {currentInOwn && (
                  <span className="nc-own" lang={currentInOwn.lang} dir={currentInOwn.dir}>
                    {currentInOwn.text}
                  </span>
                )}
              </p>
            ) : (
              <p className="nc-idle">{t('waiting')}</p>
            )}
          </div>
        </section>
        <section className="nc-recent" aria-labelledby="nc-recent-title">
          <h2 id="nc-recent-title" className="nc-label">
            {t('recentCalls')}
          </h2>
          {previous.length === 0 ? (
            <p className="nc-recent-empty">{t('noCalls')}</p>
          ) : (
            <ol className="nc-recent-list">
              {previous.slice(0, hub.display.recentCalls).map((ticket) => {
                const own = visitorCall(ticket);
                return (
                  <li key={ticket.id} data-ticket={ticket.number}>
                    <span className="nc-recent-number">{ticket.number}</span>
                    <span className="nc-recent-desk">{ticket.desk}</span>
                    <span className="nc-recent-service">{serviceName(ticket.serviceId)}</span>
                    {name(ticket.displayName) && <span className="nc-recent-name">{name(ticket.displayName)}</span>}
                    {own && (
                      <span className="nc-recent-own" lang={own.lang} dir={own.dir}>
                        {own.text}
                      </span>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      </main>
      <footer className="nc-footer">
        {live.unreadable && <NeedsReloadBanner message={t('needsReload')} reloadLabel={t('reload')} className="nc-needs-reload" buttonClassName="nc-reload" />}
        <p className="nc-reconnecting" role="status">
          {live.state === 'open' ? '' : live.state === 'connecting' ? t('connecting') : t('reconnecting')}
        </p>
        {wantsSound && sound === 'blocked' && (
          <div className="nc-sound-box">
            <button type="button" className="nc-sound" onClick={() => void unlockAudio()} aria-describedby="nc-sound-why">
              {t('soundOn')}
            </button>
            {/* A web browser blocks sound until someone taps, again after every reload; the app's board is allowed it. */}
            <p id="nc-sound-why" className="nc-sound-why">
              {t('soundWhy')}
            </p>
          </div>
        )}
      </footer>
    </div>
  );
}
