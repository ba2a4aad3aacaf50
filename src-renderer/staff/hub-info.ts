import { useMemo } from 'react';
import type { HubView } from '../../src-shared/api/contract';
import { localize, type TriageConfig } from '../../src-shared/config/schema';
import { serviceName } from '../screens/ServiceName';

export type HubService = HubView['services'][number];

export type HubInfo = {
  hub: HubView;
  service: (id: string) => HubService | undefined;
  serviceName: (id: string) => string;
  needLabel: (id: string) => string;
  /** Whether staff of this service may keep a short note with an outcome (`notesAllowed` in the configuration). */
  notesAllowed: (serviceId: string) => boolean;
  /** Minutes before a called visitor can be marked a no-show. */
  noShowGraceMinutes: number;
  triage: TriageConfig;
};

/** Facts about the hub the staff screens look up often, worked out once per hub description. */
export function useHubInfo(hub: HubView): HubInfo {
  return useMemo(() => {
    const services = new Map(hub.services.map((s) => [s.id, s]));
    const needs = new Map(hub.triage.needs.map((n) => [n.id, n]));
    return {
      hub,
      service: (id) => services.get(id),
      serviceName: (id) => serviceName(hub, id),
      needLabel: (id) => localize(needs.get(id)?.label, 'en') || id,
      // An unknown service means no: a note is personal data, offered only where the configuration allows it.
      notesAllowed: (serviceId) => services.get(serviceId)?.notesAllowed === true,
      noShowGraceMinutes: hub.queue.noShowGraceMinutes,
      triage: hub.triage,
    };
  }, [hub]);
}
