import type { AlertView } from '../api/contract';

/**
 * How loudly an alert must speak. A crisis or safeguarding check-in is a person who may be in danger:
 * always first, apart from the rest, never folded. Other flagged check-ins (no bed tonight, no food
 * today) come next, each in full. Everything else — a card the hub does not know, the printer, a
 * device, "talk to someone" — is routine: folded together and dismissable together.
 */
export type AlertSeverity = 'critical' | 'urgent' | 'routine';

export const alertSeverities: readonly AlertSeverity[] = ['critical', 'urgent', 'routine'];

export function alertSeverity(alert: Pick<AlertView, 'kind' | 'flags'>): AlertSeverity {
  if (alert.kind !== 'flag') return 'routine';
  if (alert.flags.includes('crisis') || alert.flags.includes('safeguarding')) return 'critical';
  return 'urgent';
}

/** Alerts by severity; within one severity the oldest first (it has waited longest). */
export function alertsBySeverity<T extends Pick<AlertView, 'kind' | 'flags' | 'at'>>(alerts: readonly T[]): Record<AlertSeverity, T[]> {
  const groups: Record<AlertSeverity, T[]> = { critical: [], urgent: [], routine: [] };
  for (const alert of alerts) groups[alertSeverity(alert)].push(alert);
  for (const severity of alertSeverities) groups[severity].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return groups;
}
