import { useTranslation } from 'react-i18next';
import { useLiveQueue } from '../../screens/useLiveQueue';
import type { HubInfo } from '../hub-info';
import { useStaff } from '../session';
import { StaffNeedsReload } from '../StaffNeedsReload';
import { groupTickets } from '../waits';

/** Today's queue as it stands, service by service, live. */
export function TodayPanel({ info }: { info: HubInfo }) {
  const { t: text } = useTranslation('staff');
  const { sessionEnded } = useStaff();
  const live = useLiveQueue({ onSignedOut: sessionEnded });
  return (
    <>
      <StaffNeedsReload unreadable={live.unreadable} />
      <p className="staff-hint">{text('manager.today.hint')}</p>
      <table className="staff-table">
        <caption>{text('manager.today.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{text('manager.today.service')}</th>
            <th scope="col">{text('manager.today.waiting')}</th>
            <th scope="col">{text('manager.today.called')}</th>
            <th scope="col">{text('manager.today.serving')}</th>
            <th scope="col">{text('manager.today.estimate')}</th>
          </tr>
        </thead>
        <tbody>
          {info.hub.services.map((s) => {
            const groups = groupTickets([...live.tickets.values()].filter((t) => t.serviceId === s.id));
            return (
              <tr key={s.id}>
                <th scope="row">{info.serviceName(s.id)}</th>
                <td>{groups.waiting.length + groups.elsewhere.length}</td>
                <td>{groups.called.length}</td>
                <td>{groups.serving.length}</td>
                <td>{text('time.minutes', { minutes: live.estimates.get(s.id)?.estimatedWaitMinutes ?? 0 })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>{text('manager.today.version', { version: info.hub.configVersion })}</p>
    </>
  );
}
