import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { HubView, TicketView } from '../../src-shared/api/contract';
import { useLiveQueue } from '../screens/useLiveQueue';
import { AlertsBanner, useAcknowledgements } from './AlertsBanner';
import { CheckInDialog } from './CheckInDialog';
import { ConfirmDialog } from './ConfirmDialog';
import { useHubInfo } from './hub-info';
import { settingKeys, useSetting } from './local-settings';
import { useStaff } from './session';
import { SearchDialog } from './SearchDialog';
import { ServiceColumn } from './ServiceColumn';
import { useShortcuts, type Shortcut } from './shortcuts';
import { ShortcutsDialog } from './ShortcutsDialog';
import { StaffHeader } from './StaffHeader';
import { StaffNeedsReload } from './StaffNeedsReload';
import { statusWord } from './text';
import { actionsFor, KeyHint, TicketActionPanel, type TicketActionId } from './TicketActionPanel';
import { TicketDialogs, type OpenTicketDialog } from './TicketDialogs';
import { ToastRegion, useToasts } from './Toasts';
import { useNow } from './useNow';
import { runTicketAction, useTicketActions } from './useTicketActions';

const deskChoice = z.object({ serviceId: z.string(), desk: z.string() }).nullable();
const shortcutsSetting = z.boolean();
type PageDialog = 'checkin' | 'search' | 'shortcuts' | null | 'still-called';

const shortcutHelp = [
  { key: 'N', label: 'callNext' },
  { key: 'R', label: 'recallSelected' },
  { key: 'S', label: 'startSelected' },
  { key: 'F', label: 'finish' },
  { key: 'X', label: 'noShowSelected' },
  { key: 'T', label: 'transfer' },
  { key: 'A', label: 'addStop' },
  { key: 'U', label: 'moveUp' },
  { key: 'P', label: 'reprint' },
  { key: 'C', label: 'checkIn' },
  { key: '/', label: 'search' },
  { key: '?', label: 'show' },
  { key: 'Esc', label: 'clear' },
] as const;

/**
 * Reception: the whole queue live, service by service, with the alerts on top; call next to my
 * desk, act on any ticket, check people in by hand and search today's visits. Frequent actions
 * have single-key shortcuts shown beside them.
 */
export function ReceptionConsole({ hub }: { hub: HubView }) {
  const { t } = useTranslation('staff');
  const info = useHubInfo(hub);
  const { sessionEnded } = useStaff();
  const live = useLiveQueue({ withAlerts: true, timeZone: hub.timeZone, onSignedOut: sessionEnded });
  const now = useNow(1000);
  const { toasts, show, dismiss } = useToasts();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [ticketDialog, setTicketDialog] = useState<OpenTicketDialog>(null);
  const [pageDialog, setPageDialog] = useState<PageDialog>(null);
  const [myDesk, setMyDesk] = useSetting(settingKeys.receptionDesk, deskChoice, null);
  const [shortcutsOn, setShortcutsOn] = useSetting(settingKeys.shortcuts, shortcutsSetting, true);
  const { acknowledged, acknowledge } = useAcknowledgements(useCallback((message: string) => show({ message, tone: 'error' }), [show]));
  const deskSelect = useRef<HTMLSelectElement>(null);
  const onCalled = useCallback((t: TicketView) => setSelectedId(t.id), []);
  const actions = useTicketActions(info, show, { onCalled, canUndo: true });

  const deskValid = myDesk !== null && (info.service(myDesk.serviceId)?.desks.includes(myDesk.desk) ?? false);
  const selected = selectedId ? (live.tickets.get(selectedId) ?? null) : null;
  const visitTickets = useCallback((visitId: string) => [...live.tickets.values()].filter((t) => t.visitId === visitId), [live.tickets]);

  const byService = useMemo(() => {
    const map = new Map<string, TicketView[]>();
    for (const t of live.tickets.values()) map.set(t.serviceId, [...(map.get(t.serviceId) ?? []), t]);
    return map;
  }, [live.tickets]);

  const callNext = () => {
    if (!deskValid || !myDesk) {
      show({ message: t('reception.chooseDeskFirst'), tone: 'error' });
      deskSelect.current?.focus();
      return;
    }
    // Someone still called to this desk has not arrived or not been started: calling the next one
    // over them is allowed, but never without a word.
    if (stillCalled(myDesk)) return setPageDialog('still-called');
    void actions.callNext(myDesk.serviceId, myDesk.desk);
  };
  const stillCalled = (desk: { serviceId: string; desk: string }) =>
    [...live.tickets.values()].find((t) => t.serviceId === desk.serviceId && t.desk === desk.desk && t.status === 'called') ?? null;

  const runAction = (id: TicketActionId, ticket: TicketView) => {
    runTicketAction(id, ticket, actions, setTicketDialog);
  };

  const onSelected = (id: TicketActionId) => () => {
    if (!selected) return show({ message: t('reception.chooseTicketFirst'), tone: 'error' });
    if (!actionsFor(selected, 'reception').some((a) => a.id === id)) {
      return show({ message: t('reception.notApplicable', { number: selected.number, status: statusWord[selected.status] }), tone: 'error' });
    }
    runAction(id, selected);
  };

  const shortcuts: Shortcut[] = [
    { key: 'n', run: callNext },
    { key: 'r', run: onSelected('recall') },
    { key: 's', run: onSelected('start') },
    { key: 'f', run: onSelected('finish') },
    { key: 'x', run: onSelected('no-show') },
    { key: 't', run: onSelected('transfer') },
    { key: 'a', run: onSelected('add-stop') },
    { key: 'u', run: onSelected('move-up') },
    { key: 'p', run: onSelected('reprint') },
    { key: 'c', run: () => setPageDialog('checkin') },
    { key: '/', run: () => setPageDialog('search') },
    { key: '?', run: () => setPageDialog('shortcuts') },
    { key: 'Escape', run: () => setSelectedId(null) },
  ];
  useShortcuts(shortcuts, shortcutsOn);

  const deskOptions = hub.services.flatMap((s) => s.desks.map((desk) => ({ value: `${s.id}|${desk}`, label: `${desk} (${info.serviceName(s.id)})` })));

  return (
    <div className="staff-page staff-reception" data-ready={live.ready ? 'true' : 'false'}>
      <StaffHeader hub={hub} title={t('face.reception')} live={live.state}>
        <div className="staff-field staff-field-inline">
          <label htmlFor="my-desk">{t('common.myDesk')}</label>
          <select
            id="my-desk"
            ref={deskSelect}
            value={deskValid && myDesk ? `${myDesk.serviceId}|${myDesk.desk}` : ''}
            onChange={(e) => {
              const [serviceId, desk] = e.target.value.split('|');
              setMyDesk(serviceId && desk ? { serviceId, desk } : null);
            }}
          >
            <option value="">{t('reception.chooseDesk')}</option>
            {deskOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      </StaffHeader>
      <StaffNeedsReload unreadable={live.unreadable} />
      <AlertsBanner alerts={live.alerts} devices={[...live.devices.values()]} acknowledged={acknowledged} onAcknowledge={(a) => void acknowledge(a)} timeZone={hub.timeZone} />
      <main className="staff-main" id="main">
        <div className="staff-toolbar" role="group" aria-label={t('reception.actionsGroup')}>
          <button type="button" className="staff-button staff-button-primary staff-button-large" onClick={callNext} aria-keyshortcuts={shortcutsOn ? 'N' : undefined}>
            {deskValid && myDesk ? t('common.callNextTo', { desk: myDesk.desk }) : t('reception.callNextMyDesk')}
            <KeyHint shortcut="N" on={shortcutsOn} />
          </button>
          <button type="button" className="staff-button" onClick={() => setPageDialog('checkin')} aria-keyshortcuts={shortcutsOn ? 'C' : undefined}>
            {t('reception.checkIn')}
            <KeyHint shortcut="C" on={shortcutsOn} />
          </button>
          <button type="button" className="staff-button" onClick={() => setPageDialog('search')} aria-keyshortcuts={shortcutsOn ? '/' : undefined}>
            {t('reception.search')}
            <KeyHint shortcut="/" on={shortcutsOn} />
          </button>
          <button type="button" className="staff-button staff-button-quiet" onClick={() => setPageDialog('shortcuts')}>
            {t('common.keyboardShortcuts')}
            <KeyHint shortcut="?" on={shortcutsOn} />
          </button>
        </div>
        {!live.ready ? (
          <p role="status" className="staff-loading">
            {live.error ? t('common.queueNotLoaded', { message: live.error.message }) : t('common.loadingQueue')}
          </p>
        ) : (
          <div className="staff-board" aria-label={t('reception.board')} role="region">
            {hub.services.map((s) => (
              <ServiceColumn
                key={s.id}
                service={s}
                tickets={byService.get(s.id) ?? []}
                estimate={live.estimates.get(s.id)}
                info={info}
                now={now}
                selectedId={selectedId}
                onSelect={(t) => setSelectedId(t.id === selectedId ? null : t.id)}
                noShowAfter={actions.noShowAfter}
              />
            ))}
          </div>
        )}
        <aside className="staff-aside" aria-label={t('reception.selectedVisitor')}>
          <TicketActionPanel
            ticket={selected}
            siblings={selected ? visitTickets(selected.visitId).filter((t) => t.id !== selected.id) : []}
            info={info}
            now={now}
            face="reception"
            shortcutsOn={shortcutsOn}
            noShowAfter={selected ? actions.noShowAfter(selected) : undefined}
            onAction={runAction}
          />
        </aside>
      </main>
      <TicketDialogs
        open={ticketDialog}
        live={ticketDialog ? live.tickets.get(ticketDialog.ticket.id) : undefined}
        visitTickets={ticketDialog ? visitTickets(ticketDialog.ticket.visitId) : []}
        info={info}
        actions={actions}
        myDesk={deskValid && myDesk && ticketDialog && myDesk.serviceId === ticketDialog.ticket.serviceId ? myDesk.desk : null}
        onClose={() => setTicketDialog(null)}
      />
      {pageDialog === 'checkin' && (
        <CheckInDialog
          info={info}
          onClose={() => setPageDialog(null)}
          onCheckedIn={(reply) => {
            const first = reply.tickets[0];
            if (first) setSelectedId(first.id);
            show({ message: t('reception.checkedIn', { numbers: reply.tickets.map((ticket) => ticket.number).join(', ') }) });
          }}
        />
      )}
      {pageDialog === 'still-called' && myDesk && stillCalled(myDesk) && (
        <ConfirmDialog
          title={t('reception.stillCalledTitle', { number: stillCalled(myDesk)!.number, desk: myDesk.desk })}
          confirmLabel={t('reception.callAnyway')}
          onConfirm={() => actions.callNext(myDesk.serviceId, myDesk.desk)}
          onClose={() => setPageDialog(null)}
        >
          <p>{t('reception.stillCalledBody')}</p>
        </ConfirmDialog>
      )}
      {pageDialog === 'search' && <SearchDialog info={info} onPick={(t) => setSelectedId(t.id)} onUndoNoShow={actions.undoNoShow} onClose={() => setPageDialog(null)} />}
      {pageDialog === 'shortcuts' && (
        <ShortcutsDialog
          shortcuts={shortcutHelp.map((s) => ({ key: s.key, label: t(`shortcuts.${s.label}`) }))}
          on={shortcutsOn}
          onToggle={setShortcutsOn}
          onClose={() => setPageDialog(null)}
        />
      )}
      <ToastRegion toasts={toasts} dismiss={dismiss} />
    </div>
  );
}
