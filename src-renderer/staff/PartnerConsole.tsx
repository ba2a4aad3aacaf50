import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { HubView, QueueEvent, TicketView } from '../../src-shared/api/contract';
import { ServiceSwatch } from '../screens/ServiceName';
import { useLiveQueue } from '../screens/useLiveQueue';
import { useHubInfo, type HubInfo, type HubService } from './hub-info';
import { settingKeys, useSetting } from './local-settings';
import { isReceptionRole, useStaff } from './session';
import { useShortcuts, type Shortcut } from './shortcuts';
import { ShortcutsDialog } from './ShortcutsDialog';
import { StaffHeader } from './StaffHeader';
import { StaffNeedsReload } from './StaffNeedsReload';
import { TicketBadges, ticketStateText } from './TicketCard';
import { actionsFor, KeyHint, type TicketActionId } from './TicketActionPanel';
import { TicketDialogs, type OpenTicketDialog } from './TicketDialogs';
import { ToastRegion, useToasts } from './Toasts';
import { formatCountdown, formatMinutes, statusWord } from './text';
import { useNow } from './useNow';
import { runTicketAction, useTicketActions, type TicketActions } from './useTicketActions';
import { groupTickets, minutesSince, waitLevel } from './waits';

const serviceList = z.array(z.string().max(48)).max(50);

const shortcutHelp = [
  { key: 'N', label: 'callNext' },
  { key: 'R', label: 'recallMine' },
  { key: 'S', label: 'startMine' },
  { key: 'F', label: 'finish' },
  { key: 'X', label: 'noShow' },
  { key: 'T', label: 'transfer' },
  { key: '?', label: 'show' },
] as const;
const deskMap = z.record(z.string(), z.string());

function WaitingRow({ ticket, info, now }: { ticket: TicketView; info: HubInfo; now: number }) {
  const { t } = useTranslation('staff');
  const target = info.service(ticket.serviceId)?.targetWaitMinutes ?? 20;
  const level = ticket.withAnotherService ? 'ok' : waitLevel(minutesSince(ticket.queuedAt, now), target);
  return (
    <li
      className="staff-ticket staff-ticket-static"
      data-status={ticket.status}
      data-wait={level}
      data-ticket={ticket.number}
      data-with-another={ticket.withAnotherService ? 'true' : undefined}
    >
      <span className="staff-ticket-head">
        <span className="staff-ticket-number">{ticket.number}</span>
        <span className="staff-ticket-name">{ticket.displayName ?? t('common.noName')}</span>
        {level !== 'ok' && <span className={`staff-wait-tag staff-wait-${level}`}>{level === 'over' ? t('common.overTarget') : t('common.nearTarget')}</span>}
      </span>
      <span className="staff-ticket-state">{ticketStateText(ticket, info, now)}</span>
      <TicketBadges ticket={ticket} info={info} />
    </li>
  );
}

/** The visitor at my desk now, with what I can do next. */
function WithMe({
  ticket,
  info,
  now,
  shortcutsOn,
  noShowAfter,
  onAction,
}: {
  ticket: TicketView;
  info: HubInfo;
  now: number;
  shortcutsOn: boolean;
  noShowAfter: number | undefined;
  onAction: (id: TicketActionId, ticket: TicketView) => void;
}) {
  const { t } = useTranslation('staff');
  const graceLeft = noShowAfter !== undefined && ticket.status === 'called' && noShowAfter > now ? (noShowAfter - now) / 1000 : null;
  return (
    <article className="staff-with-me" data-ticket={ticket.number} data-status={ticket.status} aria-label={t('partner.withYou', { number: ticket.number })}>
      <p className="staff-with-me-head">
        <span className="staff-ticket-number staff-ticket-number-large">{ticket.number}</span>
        <span className="staff-ticket-name">{ticket.displayName ?? t('common.noName')}</span>
      </p>
      <p className="staff-ticket-state">{ticketStateText(ticket, info, now)}</p>
      <TicketBadges ticket={ticket} info={info} />
      {graceLeft !== null && <p className="staff-grace">{t('partner.grace', { time: formatCountdown(graceLeft) })}</p>}
      <div className="staff-panel-actions" role="group" aria-label={t('common.actionsFor', { number: ticket.number })}>
        {actionsFor(ticket, 'partner').map((a) => (
          <button
            key={a.id}
            type="button"
            className={`staff-button${a.id === 'start' || a.id === 'finish' ? ' staff-button-primary' : ''}${a.danger ? ' staff-button-danger-quiet' : ''}`}
            aria-keyshortcuts={shortcutsOn && a.key ? a.key : undefined}
            onClick={() => onAction(a.id, ticket)}
          >
            {a.label}
            <KeyHint shortcut={a.key} on={shortcutsOn} />
          </button>
        ))}
      </div>
    </article>
  );
}

function ServicePanel({
  service,
  tickets,
  info,
  now,
  desk,
  onDesk,
  actions,
  shortcutsOn,
  onAction,
  onFocusPanel,
}: {
  service: HubService;
  tickets: TicketView[];
  info: HubInfo;
  now: number;
  desk: string;
  onDesk: (desk: string) => void;
  actions: TicketActions;
  shortcutsOn: boolean;
  onAction: (id: TicketActionId, ticket: TicketView) => void;
  onFocusPanel: () => void;
}) {
  const { t } = useTranslation('staff');
  const groups = groupTickets(tickets);
  const mine = [...groups.called, ...groups.serving].filter((t) => t.desk === desk);
  const otherDesks = [...groups.called, ...groups.serving].filter((t) => t.desk !== desk);
  const longest = groups.waiting[0] ? Math.max(...groups.waiting.map((t) => minutesSince(t.queuedAt, now))) : 0;
  const headingId = `partner-${service.id}`;
  return (
    <section className="staff-partner-service" aria-labelledby={headingId} data-service={service.id} onFocus={onFocusPanel} onPointerDown={onFocusPanel}>
      <div className="staff-service-head">
        <h2 id={headingId}>
          <ServiceSwatch hub={info.hub} serviceId={service.id} />
          {info.serviceName(service.id)}
        </h2>
        <p className="staff-service-summary">
          {[
            t('summary.waiting', { number: groups.waiting.length }),
            ...(groups.waiting.length > 0 ? [t('summary.longest', { time: formatMinutes(longest) })] : []),
            t('summary.target', { minutes: service.targetWaitMinutes }),
            ...(groups.elsewhere.length > 0 ? [t('summary.withAnother', { number: groups.elsewhere.length })] : []),
          ].join(' · ')}
        </p>
      </div>
      <div className="staff-call-row">
        {service.desks.length > 1 ? (
          <div className="staff-field staff-field-inline">
            <label htmlFor={`desk-${service.id}`}>{t('common.myDesk')}</label>
            <select id={`desk-${service.id}`} value={desk} onChange={(e) => onDesk(e.target.value)}>
              {service.desks.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="staff-desk-fixed">{t('common.myDeskIs', { desk })}</p>
        )}
        <button
          type="button"
          className="staff-button staff-button-primary staff-button-large"
          aria-keyshortcuts={shortcutsOn ? 'N' : undefined}
          onClick={() => void actions.callNext(service.id, desk)}
        >
          {t('common.callNextTo', { desk })}
          <KeyHint shortcut="N" on={shortcutsOn} />
        </button>
      </div>
      {mine.map((t) => (
        <WithMe key={t.id} ticket={t} info={info} now={now} shortcutsOn={shortcutsOn} noShowAfter={actions.noShowAfter(t)} onAction={onAction} />
      ))}
      <h3 className="staff-group-title">
        {t('group.waiting')} <span className="staff-count">({groups.waiting.length})</span>
      </h3>
      {groups.waiting.length === 0 ? (
        <p className="staff-empty">{t('common.nobodyWaiting')}</p>
      ) : (
        <ol className="staff-ticket-list">
          {groups.waiting.map((t) => (
            <WaitingRow key={t.id} ticket={t} info={info} now={now} />
          ))}
        </ol>
      )}
      {groups.elsewhere.length > 0 && (
        <>
          <h3 className="staff-group-title">
            {t('group.elsewhere')} <span className="staff-count">({groups.elsewhere.length})</span>
          </h3>
          <ul className="staff-ticket-list">
            {groups.elsewhere.map((t) => (
              <WaitingRow key={t.id} ticket={t} info={info} now={now} />
            ))}
          </ul>
        </>
      )}
      {otherDesks.length > 0 && (
        <>
          <h3 className="staff-group-title">
            {t('partner.atOtherDesks')} <span className="staff-count">({otherDesks.length})</span>
          </h3>
          <ul className="staff-ticket-list">
            {otherDesks.map((t) => (
              <WaitingRow key={t.id} ticket={t} info={info} now={now} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * A partner's view: the queues of my services only, who is waiting and for how long, call next to
 * my desk, and the visitor with me now (start, finish with an outcome, send on). Laptop or tablet.
 */
export function PartnerConsole({ hub }: { hub: HubView }) {
  const { t } = useTranslation('staff');
  const info = useHubInfo(hub);
  const { session, sessionEnded } = useStaff();
  const now = useNow(1000);
  const { toasts, show, dismiss } = useToasts();
  const [announcement, setAnnouncement] = useState('');
  const allowed = useMemo(
    () => (session?.staff.role === 'partner' ? hub.services.filter((s) => session.staff.services.includes(s.id)) : hub.services),
    [hub.services, session],
  );
  const [chosenSetting, setChosen] = useSetting(settingKeys.partnerServices, serviceList, []);
  const chosen = useMemo(() => {
    const remembered = chosenSetting.filter((id) => allowed.some((s) => s.id === id));
    // An account for one service starts on it; the choice is remembered on this device once made.
    return remembered.length === 0 && allowed.length === 1 ? [allowed[0]!.id] : remembered;
  }, [chosenSetting, allowed]);
  const [desks, setDesks] = useSetting(settingKeys.partnerDesks, deskMap, {});
  const [activeService, setActiveService] = useState<string | null>(null);
  const [ticketDialog, setTicketDialog] = useState<OpenTicketDialog>(null);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [shortcutsOn, setShortcutsOn] = useSetting(settingKeys.shortcuts, z.boolean(), true);
  const actions = useTicketActions(info, show, { canUndo: isReceptionRole(session) });

  const onEvent = useCallback(
    (event: QueueEvent) => {
      if (event.type === 'created' && chosen.includes(event.ticket.serviceId)) {
        setAnnouncement(t('partner.joined', { number: event.ticket.number, service: info.serviceName(event.ticket.serviceId) }));
      }
    },
    [chosen, info, t],
  );
  const live = useLiveQueue({ onEvent, onSignedOut: sessionEnded });

  const deskOf = (service: HubService) => (desks[service.id] && service.desks.includes(desks[service.id]!) ? desks[service.id]! : service.desks[0]!);
  const chosenServices = allowed.filter((s) => chosen.includes(s.id));
  const active = chosenServices.find((s) => s.id === activeService) ?? chosenServices[0] ?? null;
  const ticketsOf = (serviceId: string) => [...live.tickets.values()].filter((t) => t.serviceId === serviceId);
  const withMe = active ? ticketsOf(active.id).find((t) => (t.status === 'called' || t.status === 'serving') && t.desk === deskOf(active)) : undefined;

  const runAction = (id: TicketActionId, ticket: TicketView) => {
    setActiveService(ticket.serviceId);
    runTicketAction(id, ticket, actions, setTicketDialog);
  };

  const onMine = (id: TicketActionId) => () => {
    if (!withMe) return show({ message: t('partner.nobodyWithYou'), tone: 'error' });
    if (!actionsFor(withMe, 'partner').some((a) => a.id === id)) return show({ message: t('partner.doesNotApply', { number: withMe.number, status: statusWord[withMe.status] }), tone: 'error' });
    runAction(id, withMe);
  };

  const shortcuts: Shortcut[] = [
    { key: 'n', run: () => (active ? void actions.callNext(active.id, deskOf(active)) : show({ message: t('partner.chooseServiceFirst'), tone: 'error' })) },
    { key: 'r', run: onMine('recall') },
    { key: 's', run: onMine('start') },
    { key: 'f', run: onMine('finish') },
    { key: 'x', run: onMine('no-show') },
    { key: 't', run: onMine('transfer') },
    { key: '?', run: () => setShowShortcuts(true) },
  ];
  useShortcuts(shortcuts, shortcutsOn);

  return (
    <div className="staff-page staff-partner" data-ready={live.ready ? 'true' : 'false'}>
      <StaffHeader hub={hub} title={t('face.partner')} live={live.state} />
      <StaffNeedsReload unreadable={live.unreadable} />
      <main className="staff-partner-main" id="main">
        <div className="staff-partner-top">
          <fieldset className="staff-choices staff-choices-inline staff-service-picker">
            <legend>{t('partner.myServices')}</legend>
            {allowed.map((s) => (
              <label key={s.id}>
                <input type="checkbox" checked={chosen.includes(s.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, s.id] : chosen.filter((id) => id !== s.id))} />
                {info.serviceName(s.id)}
              </label>
            ))}
          </fieldset>
          <button type="button" className="staff-button staff-button-quiet" onClick={() => setShowShortcuts(true)}>
            {t('common.keyboardShortcuts')}
            <KeyHint shortcut="?" on={shortcutsOn} />
          </button>
        </div>
        {!live.ready ? (
          <p role="status" className="staff-loading">
            {live.error ? t('common.queueNotLoaded', { message: live.error.message }) : t('common.loadingQueue')}
          </p>
        ) : chosenServices.length === 0 ? (
          <p className="staff-empty">{t('partner.chooseService')}</p>
        ) : (
          <div className="staff-partner-services">
            {chosenServices.map((s) => (
              <ServicePanel
                key={s.id}
                service={s}
                tickets={ticketsOf(s.id)}
                info={info}
                now={now}
                desk={deskOf(s)}
                onDesk={(d) => setDesks({ ...desks, [s.id]: d })}
                actions={actions}
                shortcutsOn={shortcutsOn}
                onAction={runAction}
                onFocusPanel={() => setActiveService(s.id)}
              />
            ))}
          </div>
        )}
        <p role="status" className="staff-visually-hidden">
          {announcement}
        </p>
      </main>
      <TicketDialogs
        open={ticketDialog}
        live={ticketDialog ? live.tickets.get(ticketDialog.ticket.id) : undefined}
        visitTickets={ticketDialog ? [...live.tickets.values()].filter((t) => t.visitId === ticketDialog.ticket.visitId) : []}
        info={info}
        actions={actions}
        myDesk={ticketDialog ? (desks[ticketDialog.ticket.serviceId] ?? null) : null}
        onClose={() => setTicketDialog(null)}
      />
      {showShortcuts && (
        <ShortcutsDialog
          shortcuts={shortcutHelp.map((s) => ({ key: s.key, label: t(`shortcuts.${s.label}`) }))}
          on={shortcutsOn}
          onToggle={setShortcutsOn}
          onClose={() => setShowShortcuts(false)}
        />
      )}
      <ToastRegion toasts={toasts} dismiss={dismiss} />
    </div>
  );
}
