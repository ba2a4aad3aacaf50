import { servicesOf, type FlatService, type HubConfig } from '../../src-shared/config/schema';
import { serviceDayOf } from '../../src-shared/time';
import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';

export type Clock = () => Date;

/** What every part of the queue shares: the database, the hub's configuration and the clock. */
export class QueueContext {
  readonly services: ReadonlyMap<string, FlatService>;

  constructor(
    readonly db: HubDatabase,
    readonly hub: HubConfig,
    readonly configHash: string,
    readonly now: Clock,
  ) {
    this.services = new Map(servicesOf(hub).map((s) => [s.id, s]));
  }

  requireService(serviceId: string): FlatService {
    const service = this.services.get(serviceId);
    if (!service) throw new HubError('UNKNOWN_SERVICE', `There is no service "${serviceId}" at this hub.`, { field: 'serviceId' });
    return service;
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  serviceDay(at: Date = this.now()): string {
    return serviceDayOf(at, this.hub.timeZone);
  }
}
