import { z } from 'zod';

/**
 * Kiosk enrolment. Only the hub's own machine and kiosks a manager has enrolled may use the kiosk
 * routes (identify, check in, help, the kiosk's live card reads). A manager makes a short pairing
 * code (shown once, valid for minutes, single use); the kiosk's browser exchanges it for a
 * long-lived credential kept in an HttpOnly cookie. The hub stores only a hash of either.
 */

/** The enrolled kiosk's credential: HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS. */
export const kioskCookie = 'fd_kiosk';

/** How long a pairing code works. */
export const pairingCodeMinutes = 10;

/** Letters and digits nobody misreads (no 0/O, 1/I/L), in two groups of four: "KX7M-Q3TD". */
export const pairingCodeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const pairingCodePattern = /^[2-9A-HJKMNP-Z]{4}-?[2-9A-HJKMNP-Z]{4}$/;

export const kioskName = z.string().trim().min(1).max(48);

export const createPairingCodeRequest = z.object({ name: kioskName });
export const pairingCodeReply = z.object({
  /** Shown once on the manager screen; the hub keeps only its hash. */
  code: z.string(),
  name: z.string(),
  expiresAt: z.string(),
});
export type PairingCodeReply = z.infer<typeof pairingCodeReply>;

export const enrolKioskRequest = z.object({
  code: z
    .string()
    .trim()
    .max(16)
    .transform((code) => code.toUpperCase().replace(/\s+/g, '')),
});
export const enrolKioskReply = z.object({ kiosk: z.object({ id: z.string(), name: z.string() }) });

export const kioskView = z.object({
  id: z.string(),
  name: z.string(),
  enrolledAt: z.string(),
  lastSeenAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type KioskView = z.infer<typeof kioskView>;
export const kioskListReply = z.object({ kiosks: z.array(kioskView) });
export const kioskReply = z.object({ kiosk: kioskView });

/** Whether this browser may act as a kiosk: on the hub's own machine, enrolled, or neither. */
export const kioskStatusReply = z.object({
  trusted: z.boolean(),
  via: z.enum(['hub-machine', 'enrolled']).nullable(),
  name: z.string().nullable(),
});
export type KioskStatusReply = z.infer<typeof kioskStatusReply>;
