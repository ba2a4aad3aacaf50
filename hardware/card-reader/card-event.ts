import { normaliseCard, type CardRules } from '../../src-shared/devices/card-rules';
import type { CardReadEvent } from '../../src-shared/devices/types';
import type { DeviceLogger } from '../shared/device-support';

/**
 * One path from raw card text to the event every card reader emits, so the HID, wedge and
 * simulated readers cannot disagree. An unreadable card is logged by its reason code only: card
 * data is personal data and never reaches the log.
 */
export function cardEventFor(raw: string, rules: CardRules, at: string, log: { logger: DeviceLogger; deviceId: string }): CardReadEvent {
  const result = normaliseCard(raw, rules);
  if (result.ok) return { type: 'card', cardId: result.cardId, at };
  log.logger.warn({ device: log.deviceId, reason: result.reason }, `unreadable card: ${result.detail}`);
  return { type: 'unreadable', reason: result.reason, at };
}

/** For reads cut short before normalisation could run (unplugged mid-card, stalled reader). */
export function unreadableEvent(reason: string, at: string, log: { logger: DeviceLogger; deviceId: string }, detail: string): CardReadEvent {
  log.logger.warn({ device: log.deviceId, reason }, `unreadable card: ${detail}`);
  return { type: 'unreadable', reason, at };
}
