import { z } from 'zod';
import type { HubView } from '../../src-shared/api/contract';
import { howHeardOption, triageConfig, type HowHeardOption, type PartnerConfig, type TriageConfig } from '../../src-shared/config/schema';

/** What the kiosk needs from the hub, parsed once: the hub sends triage and how-heard untyped. */
export type KioskSetup = {
  hub: HubView;
  triage: TriageConfig;
  howHeard: { options: HowHeardOption[]; askReturning: boolean };
  /** The hub's services grouped back into partners, the shape the triage engine plans with. */
  partners: PartnerConfig[];
  defaultLanguage: string;
  languages: string[];
};

const howHeardConfig = z.object({ options: z.array(howHeardOption), askReturning: z.boolean().default(false) });

export type SetupResult = { ok: true; setup: KioskSetup } | { ok: false; problem: string };

export function kioskSetupOf(hub: HubView): SetupResult {
  const triage = triageConfig.safeParse(hub.triage);
  if (!triage.success) return { ok: false, problem: `triage: ${triage.error.issues[0]?.message ?? 'not valid'}` };
  const howHeard = howHeardConfig.safeParse(hub.howHeard);
  if (!howHeard.success) return { ok: false, problem: `howHeard: ${howHeard.error.issues[0]?.message ?? 'not valid'}` };

  const partners = new Map<string, PartnerConfig>();
  for (const s of hub.services) {
    const partner = partners.get(s.partnerId) ?? { id: s.partnerId, name: s.partnerName, services: [] };
    partner.services.push({
      id: s.id,
      name: s.name,
      ...(s.description ? { description: s.description } : {}),
      colour: s.colour,
      ticketPrefix: s.ticketPrefix,
      desks: s.desks,
      targetWaitMinutes: s.targetWaitMinutes,
      // Not sent to screens and not used for planning; the config defaults keep the shape whole.
      typicalServiceMinutes: 15,
      notesAllowed: true,
    });
    partners.set(s.partnerId, partner);
  }
  const offered = hub.languages.offered.length > 0 ? hub.languages.offered : ['en'];
  return {
    ok: true,
    setup: {
      hub,
      triage: triage.data,
      howHeard: howHeard.data,
      partners: [...partners.values()],
      defaultLanguage: offered.includes(hub.languages.default) ? hub.languages.default : (offered[0] ?? 'en'),
      languages: offered,
    },
  };
}
