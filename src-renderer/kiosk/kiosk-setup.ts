import type { HubView } from '../../src-shared/api/contract';
import type { PartnerConfig } from '../../src-shared/config/schema';

/** What the kiosk needs from the hub, worked out once per hub description. */
export type KioskSetup = {
  hub: HubView;
  triage: HubView['triage'];
  howHeard: HubView['howHeard'];
  /** The hub's services grouped back into partners, the shape the triage engine plans with. */
  partners: PartnerConfig[];
  defaultLanguage: string;
  languages: string[];
};

export type SetupResult = { ok: true; setup: KioskSetup } | { ok: false; problem: string };

export function kioskSetupOf(hub: HubView): SetupResult {
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
      typicalServiceMinutes: s.typicalServiceMinutes,
      notesAllowed: s.notesAllowed,
      referrals: s.referrals,
    });
    partners.set(s.partnerId, partner);
  }
  const offered = hub.languages.offered.length > 0 ? hub.languages.offered : ['en'];
  return {
    ok: true,
    setup: {
      hub,
      triage: hub.triage,
      howHeard: hub.howHeard,
      partners: [...partners.values()],
      defaultLanguage: offered.includes(hub.languages.default) ? hub.languages.default : (offered[0] ?? 'en'),
      languages: offered,
    },
  };
}
