import type { HubView } from '../../src-shared/api/contract';
import { referralTargetsOf, servicesOf } from '../../src-shared/config/schema';
import { nextOpeningAfter } from '../../src-shared/opening-hours';
import { isOpenAt } from '../../src-shared/time';
import type { LoadedConfig } from '../config/load-config';

/** What every screen is told about the hub at start: its services, languages, kiosk and display settings. */
export function describeHub(config: LoadedConfig, at: Date): HubView {
  const hub = config.hub;
  return {
    id: hub.id,
    name: hub.name,
    timeZone: hub.timeZone,
    configVersion: hub.version,
    configHash: config.hash,
    open: isOpenAt(hub, at),
    nextOpening: nextOpeningAfter(hub, at)?.toISOString() ?? null,
    describedAt: at.toISOString(),
    languages: hub.languages,
    services: servicesOf(hub).map((s) => ({
      id: s.id,
      partnerId: s.partnerId,
      partnerName: s.partnerName,
      name: s.name,
      ...(s.description ? { description: s.description } : {}),
      colour: s.colour,
      ticketPrefix: s.ticketPrefix,
      desks: s.desks,
      targetWaitMinutes: s.targetWaitMinutes,
      typicalServiceMinutes: s.typicalServiceMinutes,
      notesAllowed: s.notesAllowed,
      referrals: s.referrals,
    })),
    queue: { noShowGraceMinutes: hub.queue.noShowGraceMinutes },
    privacyNoticeVersion: hub.privacy.noticeVersion,
    privacyNotice: hub.privacy.notice ?? null,
    kiosk: {
      idleWarningSeconds: hub.kiosk.idleWarningSeconds,
      idleResetSeconds: hub.kiosk.idleResetSeconds,
      askName: hub.kiosk.askName,
      qrCamera: hub.devices.qrScanner.kind === 'camera',
      outOfHours: hub.kiosk.outOfHours,
    },
    display: hub.display,
    howHeard: hub.howHeard,
    triage: hub.triage,
    programme: {
      organisations: hub.organisations.map((o) => ({ id: o.id, name: o.name })),
      programmes: hub.programmes.map((p) => ({ id: p.id, name: p.name })),
      equality: { enabled: hub.equality.enabled, questions: hub.equality.questions },
      exportPurposes: hub.reporting.exportPurposes,
      funderReturns: hub.reporting.funderReturns.map((r) => ({ id: r.id, name: r.name })),
    },
    referralTargets: referralTargetsOf(hub),
  };
}
