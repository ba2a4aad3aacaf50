import { useLiveQueue } from '../../screens/useLiveQueue';
import type { HubInfo } from '../hub-info';
import { useStaff } from '../session';
import { StaffNeedsReload } from '../StaffNeedsReload';
import { groupTickets } from '../waits';

/** Today's queue as it stands, service by service, live. */
export function TodayPanel({ info }: { info: HubInfo }) {
  const { sessionEnded } = useStaff();
  const live = useLiveQueue({ onSignedOut: sessionEnded });
  return (
    <>
      <StaffNeedsReload unreadable={live.unreadable} />
      <p className="staff-hint">Today’s queue as it stands; figures, exports and funder returns are under Reports and Funder returns.</p>
      <table className="staff-table">
        <caption>In the queue now</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Waiting</th>
            <th scope="col">Called</th>
            <th scope="col">Being seen</th>
            <th scope="col">Estimated wait for a new arrival</th>
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
                <td>{live.estimates.get(s.id)?.estimatedWaitMinutes ?? 0} min</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>Configuration version {info.hub.configVersion}.</p>
    </>
  );
}
