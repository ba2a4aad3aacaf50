import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubView } from '../../src-shared/api/contract';
import { useHubInfo } from './hub-info';
import { AuditLogPanel } from './manager/AuditLogPanel';
import { EventsPanel } from './manager/EventsPanel';
import { FunderReturnPanel } from './manager/FunderReturnPanel';
import { KiosksPanel } from './manager/KiosksPanel';
import { PrivacyPanel } from './manager/PrivacyPanel';
import { ReportsPanel } from './manager/ReportsPanel';
import { StaffAccountsPanel } from './manager/StaffAccountsPanel';
import { SyncStatusPanel } from './manager/SyncStatusPanel';
import { TodayPanel } from './manager/TodayPanel';
import { useStaff } from './session';
import { StaffHeader } from './StaffHeader';

type Tab = 'today' | 'reports' | 'events' | 'returns' | 'staff' | 'kiosks' | 'audit' | 'privacy';
const allTabs: { id: Tab; adminOnly?: true }[] = [
  { id: 'today' },
  { id: 'reports' },
  { id: 'events' },
  { id: 'returns' },
  { id: 'staff' },
  { id: 'kiosks' },
  { id: 'audit' },
  { id: 'privacy', adminOnly: true },
];

/** The manager's screen: today's queue, the programme evidence (reports, events, funder returns), staff accounts, kiosks, the audit log and, for administrators, privacy. */
export function ManagerShell({ hub }: { hub: HubView }) {
  const { t: text } = useTranslation('staff');
  const info = useHubInfo(hub);
  const { session } = useStaff();
  const [tab, setTab] = useState<Tab>('today');
  // Data protection (retention by hand, subject access, erasure) is for administrators.
  const tabs = allTabs.filter((t) => !t.adminOnly || session?.staff.role === 'admin');
  const focusTab = (index: number) => {
    const next = tabs[(index + tabs.length) % tabs.length]!;
    setTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <div className="staff-page staff-manager">
      <StaffHeader hub={hub} title={text('face.manager')} />
      <main className="staff-manager-main" id="main">
        <div role="tablist" aria-label={text('manager.sections')} className="staff-tabs">
          {tabs.map((t, index) => (
            <button
              key={t.id}
              id={`tab-${t.id}`}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              aria-controls={tab === t.id ? `panel-${t.id}` : undefined}
              tabIndex={tab === t.id ? 0 : -1}
              className="staff-tab"
              onClick={() => setTab(t.id)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowRight') focusTab(index + 1);
                else if (e.key === 'ArrowLeft') focusTab(index - 1);
                else if (e.key === 'Home') focusTab(0);
                else if (e.key === 'End') focusTab(tabs.length - 1);
              }}
            >
              {text(`manager.tab.${t.id}`)}
            </button>
          ))}
        </div>
        <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="staff-tabpanel" tabIndex={0}>
          <h2>{text(`manager.tab.${tab}`)}</h2>
          {tab === 'today' && <TodayPanel info={info} />}
          {tab === 'today' && session && <SyncStatusPanel />}
          {tab === 'reports' && <ReportsPanel info={info} />}
          {tab === 'events' && <EventsPanel info={info} />}
          {tab === 'returns' && <FunderReturnPanel info={info} />}
          {tab === 'staff' && <StaffAccountsPanel info={info} />}
          {tab === 'kiosks' && <KiosksPanel info={info} />}
          {tab === 'audit' && <AuditLogPanel info={info} />}
          {tab === 'privacy' && <PrivacyPanel info={info} />}
        </section>
        {!session && <p className="staff-hint">{text('manager.openMode')}</p>}
      </main>
    </div>
  );
}
