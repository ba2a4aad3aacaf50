import { useMemo } from 'react';
import type { HubView } from '../../src-shared/api/contract';
import { localize, triageConfig, type TriageConfig } from '../../src-shared/config/schema';
import { serviceName } from '../screens/ServiceName';

export type HubService = HubView['services'][number];

export type HubInfo = {
  hub: HubView;
  service: (id: string) => HubService | undefined;
  serviceName: (id: string) => string;
  needLabel: (id: string) => string;
  /** Whether staff of this service may keep a short note with an outcome (`notesAllowed` in the configuration). */
  notesAllowed: (serviceId: string) => boolean;
  /** Minutes before a called visitor can be marked a no-show, when the hub says (proposed in hubView). */
  noShowGraceMinutes: number | null;
  triage: TriageConfig | null;
};

/** Facts about the hub the staff screens look up often, worked out once per hub description. */
export function useHubInfo(hub: HubView): HubInfo {
  return useMemo(() => {
    const services = new Map(hub.services.map((s) => [s.id, s]));
    const parsed = triageConfig.safeParse(hub.triage);
    const triage = parsed.success ? parsed.data : null;
    const needs = new Map((triage?.needs ?? []).map((n) => [n.id, n]));
    // hubView does not carry these yet (see the report): read them if a newer hub sends them.
    const extra = hub as HubView & { queue?: { noShowGraceMinutes?: unknown } };
    const grace = typeof extra.queue?.noShowGraceMinutes === 'number' ? extra.queue.noShowGraceMinutes : null;
    return {
      hub,
      service: (id) => services.get(id),
      serviceName: (id) => serviceName(hub, id),
      needLabel: (id) => localize(needs.get(id)?.label, 'en') || id,
      notesAllowed: (serviceId) => {
        const service = services.get(serviceId) as (HubService & { notesAllowed?: unknown }) | undefined;
        // Unknown means no: a note is personal data, offered only where the configuration allows it.
        return service?.notesAllowed === true;
      },
      noShowGraceMinutes: grace,
      triage,
    };
  }, [hub]);
}
