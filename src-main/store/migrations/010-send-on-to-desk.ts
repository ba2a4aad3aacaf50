import type { Migration } from './index';

/**
 * Sending a visitor on to a particular desk or member of staff, not only a service.
 *
 * - tickets.sent_to_desk, tickets.sent_to_staff_id: who should see the visitor next, named by
 *   whoever sent them on; null when the service's next free desk will do (every ticket before this
 *   migration). The receiving desk sees the ticket marked as sent to it, and its "call next" takes
 *   tickets sent to it before the rest of the queue.
 */
export const migration010: Migration = {
  version: 10,
  name: 'send on to a desk or a member of staff',
  up: `
    ALTER TABLE tickets ADD COLUMN sent_to_desk TEXT;
    ALTER TABLE tickets ADD COLUMN sent_to_staff_id TEXT REFERENCES staff(id);
  `,
};
