import { useTranslation } from 'react-i18next';
import type { TicketView } from '../../src-shared/api/contract';
import { ServiceSwatch } from '../screens/ServiceName';
import type { ServiceEstimate } from '../screens/useLiveQueue';
import type { HubInfo, HubService } from './hub-info';
import { TicketCard } from './TicketCard';
import { formatMinutes } from './text';
import { groupTickets } from './waits';

/** One service's live queue: who is called, being seen, waiting, or with another partner now. */
export function ServiceColumn({
  service,
  tickets,
  estimate,
  info,
  now,
  selectedId,
  onSelect,
  noShowAfter,
  headingLevel = 2,
}: {
  service: HubService;
  tickets: TicketView[];
  estimate: ServiceEstimate | undefined;
  info: HubInfo;
  now: number;
  selectedId: string | null;
  onSelect: (ticket: TicketView) => void;
  noShowAfter: (ticket: TicketView) => number | undefined;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation('staff');
  const groups = groupTickets(tickets);
  // The header counts as the lists below do: someone with another partner is not "waiting" here now.
  const waiting = groups.waiting.length;
  const elsewhere = groups.elsewhere.length;
  // The hub's average minutes per visitor (from the last snapshot) times the queue as it is now.
  const estimateMinutes = estimate ? Math.round((groups.waiting.length * estimate.averageServiceMinutes) / Math.max(1, service.desks.length)) : null;
  const headingId = `service-${service.id}`;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const SubHeading = headingLevel === 2 ? 'h3' : 'h4';
  const order = ['called', 'serving', 'waiting', 'elsewhere'] as const;
  return (
    <section className="staff-service" aria-labelledby={headingId} data-service={service.id}>
      <div className="staff-service-head">
        <Heading id={headingId}>
          <ServiceSwatch hub={info.hub} serviceId={service.id} />
          {info.serviceName(service.id)}
        </Heading>
        <p className="staff-service-summary">
          {[
            t('summary.waiting', { number: waiting }),
            ...(elsewhere > 0 ? [t('summary.withAnother', { number: elsewhere })] : []),
            ...(estimateMinutes !== null && waiting > 0 ? [t('summary.estimate', { time: formatMinutes(estimateMinutes) })] : []),
            t('summary.target', { minutes: service.targetWaitMinutes }),
          ].join(' · ')}
        </p>
      </div>
      {order.map((group) => {
        const list = groups[group];
        if (list.length === 0 && group !== 'waiting') return null;
        return (
          <div key={group} className={`staff-group staff-group-${group}`}>
            <SubHeading className="staff-group-title">
              {t(`group.${group}`)} <span className="staff-count">({list.length})</span>
            </SubHeading>
            {list.length === 0 ? (
              <p className="staff-empty">{t('common.nobodyWaiting')}</p>
            ) : (
              <ul className="staff-ticket-list">
                {list.map((t) => (
                  <TicketCard key={t.id} ticket={t} info={info} now={now} selected={t.id === selectedId} onSelect={onSelect} noShowAfter={noShowAfter(t)} />
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </section>
  );
}
