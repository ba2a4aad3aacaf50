import type { Logger } from 'pino';
import type { IdentifyResponse, ServerMessage } from '../../src-shared/api/contract';
import { cardRulesOf, normaliseCard } from '../../src-shared/devices/card-rules';
import { formatQrPayload, parseQrPayload } from '../../src-shared/devices/qr-payload';
import type { LoadedConfig } from '../config/load-config';
import type { Devices } from '../devices/device-manager';
import { HubError } from '../errors';
import { ListenerSet } from '../listener-set';
import { assertNever } from '../errors';
import type { Clock, QueueService } from '../queue/queue-service';

export type ReaderMessage = Extract<ServerMessage, { kind: 'reader' }>;

export type IdentificationOptions = {
  config: LoadedConfig;
  queue: Pick<QueueService, 'findVisitor' | 'ticketsWithWaits' | 'ticket'>;
  logger: Logger;
  now: Clock;
};

/**
 * Who is at the kiosk: a raw card or QR read turned into a check-in token, whether it was typed in
 * by a keyboard-wedge reader (identify) or read by a device on the hub (announced to the kiosk).
 */
export class Identification {
  private readonly config: LoadedConfig;
  private readonly queue: IdentificationOptions['queue'];
  private readonly logger: Logger;
  private readonly now: Clock;
  // A closed kiosk connection must not stop the read reaching the others.
  private readonly readerListeners: ListenerSet<ReaderMessage>;

  constructor(options: IdentificationOptions) {
    this.config = options.config;
    this.queue = options.queue;
    this.logger = options.logger;
    this.now = options.now;
    this.readerListeners = new ListenerSet('reader', options.logger);
  }

  /** Card and QR reads from devices attached to the hub, resolved to identities for the kiosk. */
  onReader(listener: (message: ReaderMessage) => void): () => void {
    return this.readerListeners.add(listener);
  }

  /** Listens to the hub's own card reader and QR scanner. */
  attachReaders(devices: Pick<Devices, 'cardReader' | 'qrScanner'>): void {
    const { cardReader, qrScanner } = devices;
    cardReader?.onRead((event) => {
      if (event.type === 'card') this.announceRead('card', event.cardId, null);
      else this.announceRead('card', null, `The card could not be read (${event.reason}). Please try again.`);
    });
    qrScanner?.onRead((event) => {
      if (event.type === 'qr') this.announceRead('qr', formatQrPayload(event.payload), null);
      else this.announceRead('qr', null, `This QR code is not a Front Door code (${event.reason}).`);
    });
  }

  /** Turns a raw card or QR read into a token for check-in, telling whether the resident is known. */
  identify(request: { method: 'card' | 'qr'; raw: string }): IdentifyResponse {
    if (request.method === 'card') {
      const card = normaliseCard(request.raw, cardRulesOf(this.config.hub.devices.cardReader));
      if (!card.ok) {
        this.logger.warn({ reason: card.reason }, 'unreadable card');
        throw new HubError('CARD_UNREADABLE', `The card could not be read: ${card.detail}. Please try again.`, { details: { reason: card.reason } });
      }
      return this.lookup('card', card.cardId);
    }
    const qr = parseQrPayload(request.raw);
    if (!qr.ok) {
      this.logger.warn({ reason: qr.reason }, 'rejected QR code');
      throw new HubError('QR_REJECTED', `This QR code cannot be used here: ${qr.detail}.`, { details: { reason: qr.reason } });
    }
    const payload = qr.payload;
    switch (payload.kind) {
      case 'member':
        return this.lookup('qr', payload.memberId);
      case 'booking':
        return this.lookup('qr', `booking:${payload.reference}`);
      case 'ticket':
        return this.alreadyCheckedIn(payload.ticketId);
      default:
        return assertNever(payload);
    }
  }

  /**
   * A printed ticket: its QR code carries the visit id (older tickets may carry a ticket id). While
   * the visit has a ticket waiting or called, the resident is told they are checked in already.
   */
  private alreadyCheckedIn(id: string): IdentifyResponse {
    let tickets = this.queue.ticketsWithWaits(id);
    if (tickets.length === 0) {
      try {
        tickets = this.queue.ticketsWithWaits(this.queue.ticket(id).visitId);
      } catch (error) {
        if (!(error instanceof HubError && error.code === 'NOT_FOUND')) throw error;
      }
    }
    const open = tickets.find((t) => t.status === 'waiting' || t.status === 'called');
    if (!open) throw new HubError('QR_REJECTED', 'This is a ticket from a check-in already made; please show it to reception.');
    return {
      known: true,
      token: { method: 'qr', id: `ticket:${open.visitId}` },
      displayName: open.displayName,
      howHeardAnswered: true,
      ticket: { number: open.number, serviceId: open.serviceId, place: open.place, estimatedWaitMinutes: open.estimatedWaitMinutes },
    };
  }

  private lookup(method: 'card' | 'qr', id: string): IdentifyResponse {
    const visitor = this.queue.findVisitor(method, id);
    return {
      known: visitor !== null,
      token: { method, id },
      displayName: visitor?.displayName ?? null,
      howHeardAnswered: visitor?.howHeardAnswered ?? false,
    };
  }

  private announceRead(source: 'card' | 'qr', raw: string | null, rejection: string | null): void {
    const at = this.now().toISOString();
    let message: ReaderMessage;
    if (raw === null) {
      message = { kind: 'reader', source, at, outcome: { ok: false, code: source === 'card' ? 'CARD_UNREADABLE' : 'QR_REJECTED', message: rejection ?? 'unreadable' } };
    } else {
      try {
        message = { kind: 'reader', source, at, outcome: { ok: true, identity: this.identify({ method: source, raw }) } };
      } catch (error) {
        const hubError = error instanceof HubError ? error : new HubError('INTERNAL', (error as Error).message);
        message = { kind: 'reader', source, at, outcome: { ok: false, code: hubError.code, message: hubError.message } };
      }
    }
    // The card number and the identity stay out of the log; the source and outcome say which read it was.
    this.readerListeners.emit(message, { source, at, outcome: message.outcome.ok ? 'identified' : message.outcome.code });
  }
}
