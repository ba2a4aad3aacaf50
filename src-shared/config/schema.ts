import { z } from 'zod';
import { reportingFields } from './reporting';

/**
 * The hub configuration: one file per hub, validated at start. Every error names the field path,
 * so a hub manager can fix a typo without reading code.
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'a lower-case id of letters, digits and dashes (at most 48)');

export const languageCode = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as "en", "pl" or "ckb"');

/** Text in every offered language; English is always present and is the fallback. */
export const localizedText = z
  .object({ en: z.string().min(1, 'English text is required') })
  .catchall(z.string().min(1));
export type LocalizedText = z.infer<typeof localizedText>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24-hour)');

const openingSession = z
  .object({ open: hhmm, close: hhmm })
  .refine((s) => s.open < s.close, { message: 'close must be after open', path: ['close'] });

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const openingHours = z.object(
  Object.fromEntries(weekdays.map((d) => [d, z.array(openingSession).default([])])) as Record<
    Weekday,
    z.ZodDefault<z.ZodArray<typeof openingSession>>
  >,
);

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'an IANA time zone such as "Europe/London"' },
);

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #RRGGBB');

export const serviceConfig = z.object({
  id,
  name: localizedText,
  description: localizedText.optional(),
  colour,
  ticketPrefix: z.string().regex(/^[A-Z]{1,2}$/, 'one or two capital letters'),
  desks: z.array(z.string().min(1).max(32)).min(1, 'a service needs at least one desk'),
  targetWaitMinutes: z.number().int().positive().default(20),
  /** Used for an estimate before the hub has measured any real service times. */
  typicalServiceMinutes: z.number().int().positive().default(15),
  /** Which ticket details this service may see; staff see flags relevant to them. */
  notesAllowed: z.boolean().default(true),
  /**
   * Services a partner working here may send a visitor on to (transfer, or add a stop). A partner
   * is never told whether the visitor already waits there; reception may send anyone anywhere.
   */
  referrals: z.array(id).default([]),
});
export type ServiceConfig = z.infer<typeof serviceConfig>;

export const partnerConfig = z.object({
  id,
  name: localizedText,
  services: z.array(serviceConfig).min(1, 'a partner offers at least one service'),
});
export type PartnerConfig = z.infer<typeof partnerConfig>;

/** Kinds of answer channel for "how did you hear about us"; reports group by these. */
export const howHeardRoutes = ['word-of-mouth', 'referral', 'media', 'outreach', 'self', 'other'] as const;

export const howHeardOption = z.object({
  id,
  label: localizedText,
  icon: z.string().min(1).max(32),
  route: z.enum(howHeardRoutes),
  /** "Other" takes a short free text. */
  freeText: z.boolean().default(false),
});
export type HowHeardOption = z.infer<typeof howHeardOption>;

// ---- triage -----------------------------------------------------------------------------

export const flagKinds = ['crisis', 'safeguarding', 'urgent', 'interpreter', 'bsl'] as const;
export type FlagKind = (typeof flagKinds)[number];

/** A condition on earlier answers. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { question: string; equals: string | boolean }
  | { question: string; includes: string }
  | { question: string; answered: boolean };

export const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(condition).min(1) }),
    z.strictObject({ any: z.array(condition).min(1) }),
    z.strictObject({ not: condition }),
    z.strictObject({ question: id, equals: z.union([z.string(), z.boolean()]) }),
    z.strictObject({ question: id, includes: z.string() }),
    z.strictObject({ question: id, answered: z.boolean() }),
  ]),
);

const choiceOption = z.object({
  id,
  label: localizedText,
  easyRead: localizedText.optional(),
  icon: z.string().max(32).optional(),
  /** "I'd rather talk to someone": choosing it adds a stop at triage.talkToSomeoneService. */
  talkToSomeone: z.boolean().optional(),
});

const questionBase = {
  id,
  prompt: localizedText,
  easyRead: localizedText.optional(),
  help: localizedText.optional(),
  showIf: condition.optional(),
  /** Questions are skippable unless required; sensitive ones should stay optional. */
  required: z.boolean().default(false),
  /** Needs consent to the optional questions before it is asked. */
  sensitive: z.boolean().default(false),
};

export const questionConfig = z.discriminatedUnion('kind', [
  z.object({ ...questionBase, kind: z.literal('single'), options: z.array(choiceOption).min(2) }),
  z.object({
    ...questionBase,
    kind: z.literal('multi'),
    options: z.array(choiceOption).min(2),
    maxChoices: z.number().int().positive().optional(),
  }),
  z.object({ ...questionBase, kind: z.literal('yesno') }),
  z.object({
    ...questionBase,
    kind: z.literal('text'),
    maxLength: z.number().int().min(1).max(500).default(120),
  }),
]);
export type QuestionConfig = z.infer<typeof questionConfig>;

export const needConfig = z.object({
  id,
  label: localizedText,
  icon: z.string().max(32).optional(),
  /** The service that usually meets this need; a rule may route elsewhere. */
  service: id,
});
export type NeedConfig = z.infer<typeof needConfig>;

export const routingRule = z.object({
  id,
  when: condition,
  needs: z.array(id).default([]),
  flags: z.array(z.enum(flagKinds)).default([]),
  /** Extra service stops beyond the needs' own services. */
  services: z.array(id).default([]),
  /** Lower comes first in the plan of stops; needs' services default to their rule order. */
  order: z.number().int().optional(),
});
export type RoutingRule = z.infer<typeof routingRule>;

export const triageConfig = z.object({
  questions: z.array(questionConfig).min(1),
  needs: z.array(needConfig).min(1),
  rules: z.array(routingRule).min(1),
  /** Where a visitor goes when no rule routes them (e.g. a general welcome desk). */
  fallbackService: id,
  /** Where "I'd rather talk to someone" goes. */
  talkToSomeoneService: id,
});
export type TriageConfig = z.infer<typeof triageConfig>;

// ---- devices ----------------------------------------------------------------------------

const hexId = z.union([
  z.number().int().min(0).max(0xffff),
  z.string().regex(/^(0x)?[0-9a-fA-F]{1,4}$/, 'a USB id such as "0x0c2e"').transform((s) => parseInt(s.replace(/^0x/, ''), 16)),
]);

export const cardRules = z.object({
  stripPrefix: z.string().default(''),
  stripSuffix: z.string().default(''),
  pattern: z.string().default('^[0-9A-Za-z]{4,32}$'),
  checkDigit: z.enum(['none', 'luhn', 'mod11']).default('none'),
});

export const cardReaderConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulator') }),
  z.object({ kind: z.literal('hid'), vendorId: hexId, productId: hexId, rules: cardRules.default({ stripPrefix: '', stripSuffix: '', pattern: '^[0-9A-Za-z]{4,32}$', checkDigit: 'none' }) }),
  z.object({
    kind: z.literal('wedge'),
    maxAverageMsPerChar: z.number().positive().default(40),
    minLength: z.number().int().positive().default(6),
    endKey: z.string().default('Enter'),
    rules: cardRules.default({ stripPrefix: '', stripSuffix: '', pattern: '^[0-9A-Za-z]{4,32}$', checkDigit: 'none' }),
  }),
]);

export const qrScannerConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulator') }),
  z.object({
    kind: z.literal('serial'),
    path: z.string().optional(),
    vendorId: hexId.optional(),
    productId: hexId.optional(),
    baudRate: z.number().int().positive().default(9600),
    endChar: z.string().min(1).default('\r'),
  }),
  z.object({ kind: z.literal('camera') }),
  z.object({ kind: z.literal('wedge') }),
  z.object({ kind: z.literal('none') }),
]);

export const printerConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulator'), paper: z.enum(['ok', 'near-end', 'out']).default('ok') }),
  z.object({ kind: z.literal('network'), host: z.string().min(1), port: z.number().int().min(1).max(65535).default(9100), timeoutMs: z.number().int().positive().default(5000) }),
  z.object({ kind: z.literal('serial'), path: z.string().min(1), baudRate: z.number().int().positive().default(38400), timeoutMs: z.number().int().positive().default(5000) }),
  z.object({ kind: z.literal('usb'), path: z.string().default('/dev/usb/lp0'), timeoutMs: z.number().int().positive().default(5000) }),
  z.object({ kind: z.literal('none') }),
]);

export const devicesConfig = z.object({
  cardReader: cardReaderConfig.default({ kind: 'simulator' }),
  qrScanner: qrScannerConfig.default({ kind: 'simulator' }),
  printer: printerConfig.default({ kind: 'simulator', paper: 'ok' }),
  /** Characters per line in the printer's font A: the widths ESC/POS receipt printers offer. */
  printerColumns: z.union([z.literal(32), z.literal(35), z.literal(42), z.literal(44), z.literal(48)]).default(42),
  /** Font files to try first for ticket text drawn as images, per script (e.g. `bengali: [/opt/fonts/x.ttf]`). */
  printerFonts: z
    .object({
      latin: z.array(z.string().min(1)),
      arabic: z.array(z.string().min(1)),
      bengali: z.array(z.string().min(1)),
      han: z.array(z.string().min(1)),
    })
    .partial()
    .strict()
    .optional(),
});
export type DevicesConfig = z.infer<typeof devicesConfig>;

// ---- staff sessions and sign-in ---------------------------------------------------------

const sessionDefaults = { idleMinutes: 60, pinIdleMinutes: 10, maxHours: 12 };
export const sessionsConfig = z.object({
  /** A password session ends after this long without a request. */
  idleMinutes: z.number().int().min(5).max(24 * 60).default(sessionDefaults.idleMinutes),
  /** A PIN session (a shared reception PC) ends sooner. */
  pinIdleMinutes: z.number().int().min(1).max(120).default(sessionDefaults.pinIdleMinutes),
  /** Every session ends this long after sign-in, however active. */
  maxHours: z.number().int().min(1).max(24 * 7).default(sessionDefaults.maxHours),
});

const signInDefaults = {
  failuresBeforeDelay: 5,
  firstDelaySeconds: 30,
  maxDelayMinutes: 15,
  maxFailuresPerAddress: 20,
  addressWindowMinutes: 15,
  concurrentChecks: 2,
  queuedPerAddress: 4,
  queuedTotal: 64,
};
/**
 * Sign-in throttling. Nothing locks an account: wrong tries for one account from one address make
 * that address wait (longer each time) before its next try for that account, so a real user on
 * another PC is never shut out; an address with many failures, whatever the accounts, is refused
 * for a while; and password checks (scrypt) run a few at a time, each address getting a fair share.
 */
export const signInConfig = z
  .object({
    /** Wrong tries for one account from one address before each further try from there waits. */
    failuresBeforeDelay: z.number().int().min(3).max(50).optional(),
    /** The first wait; it doubles with every further wrong try, up to maxDelayMinutes. */
    firstDelaySeconds: z.number().int().min(1).max(3600).default(signInDefaults.firstDelaySeconds),
    maxDelayMinutes: z.number().int().min(1).max(24 * 60).optional(),
    /** Failed sign-ins from one address (any usernames) within addressWindowMinutes before it is refused. */
    maxFailuresPerAddress: z.number().int().min(3).max(1000).default(signInDefaults.maxFailuresPerAddress),
    addressWindowMinutes: z.number().int().min(1).max(24 * 60).default(signInDefaults.addressWindowMinutes),
    /** Password and PIN checks run at once (each scrypt check takes 128 MiB and about half a second). */
    concurrentChecks: z.number().int().min(1).max(8).default(signInDefaults.concurrentChecks),
    /** Sign-ins from one address that may wait for a check; more are refused at once with a Retry-After. */
    queuedPerAddress: z.number().int().min(1).max(1000).default(signInDefaults.queuedPerAddress),
    /** Sign-ins that may wait for a check, from all addresses together. */
    queuedTotal: z.number().int().min(1).max(10_000).default(signInDefaults.queuedTotal),
    /** The earlier name of failuresBeforeDelay (from when a username was locked outright); still read. */
    maxFailuresPerUser: z.number().int().min(3).max(50).optional(),
    /** The earlier name of maxDelayMinutes; still read. */
    lockoutMinutes: z.number().int().min(1).max(24 * 60).optional(),
  })
  .transform(({ maxFailuresPerUser, lockoutMinutes, failuresBeforeDelay, maxDelayMinutes, ...rest }) => ({
    ...rest,
    failuresBeforeDelay: failuresBeforeDelay ?? maxFailuresPerUser ?? signInDefaults.failuresBeforeDelay,
    maxDelayMinutes: maxDelayMinutes ?? lockoutMinutes ?? signInDefaults.maxDelayMinutes,
  }));
export type SignInPolicy = z.infer<typeof signInConfig>;

// ---- rate limits and hosts ----------------------------------------------------------------

/** One rate class's limit: at most `max` requests per `windowSeconds`, per address or kiosk. */
const rateLimit = z.object({
  max: z.number().int().min(1).max(1_000_000),
  windowSeconds: z.number().int().min(1).max(24 * 3600).default(60),
});
/**
 * Per class of the endpoint table (src-shared/api/endpoints.ts `rate`). A kiosk makes one identify
 * and one check-in per resident and a few help requests; a flood is a few hundred a second.
 */
export const rateLimitDefaults = {
  read: { max: 600, windowSeconds: 60 },
  kiosk: { max: 60, windowSeconds: 60 },
  'sign-in': { max: 30, windowSeconds: 60 },
  staff: { max: 1200, windowSeconds: 60 },
  live: { max: 60, windowSeconds: 60 },
};
export const rateLimitsConfig = z.object({
  read: rateLimit.default(rateLimitDefaults.read),
  kiosk: rateLimit.default(rateLimitDefaults.kiosk),
  'sign-in': rateLimit.default(rateLimitDefaults['sign-in']),
  staff: rateLimit.default(rateLimitDefaults.staff),
  live: rateLimit.default(rateLimitDefaults.live),
});

/** A host name or address a request may name in its Host header (no port, no scheme). */
const allowedHost = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\[[0-9a-f:.]+\]|[0-9a-f:]+:[0-9a-f:.]*|[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?)$/, 'a host name or address without a port, such as "frontdoor.hub.lan"');

// ---- the live channel -------------------------------------------------------------------

const liveDefaults = { catchUpMaxEvents: 500, maxPerAddress: 20, maxConnections: 500, heartbeatMs: 30_000, maxBufferedBytes: 1024 * 1024 };
export const liveConfig = z.object({
  /**
   * A screen that reconnects is sent at most this many of today's missed events; further behind
   * (or behind since an earlier day) it is told to read its snapshot again.
   */
  catchUpMaxEvents: z.number().int().min(10).max(10_000).default(liveDefaults.catchUpMaxEvents),
  /** Live connections one address may hold open; more are refused with 429. */
  maxPerAddress: z.number().int().min(1).max(10_000).default(liveDefaults.maxPerAddress),
  /** Live connections the hub holds open in all; more are refused with 503. */
  maxConnections: z.number().int().min(1).max(100_000).default(liveDefaults.maxConnections),
  /** Every connection is pinged this often and closed when it has not answered the last ping. */
  heartbeatMs: z.number().int().min(20).max(10 * 60_000).default(liveDefaults.heartbeatMs),
  /** A connection with more than this waiting to be sent (it does not read) is closed. */
  maxBufferedBytes: z.number().int().min(16 * 1024).max(64 * 1024 * 1024).default(liveDefaults.maxBufferedBytes),
});
export type LiveConfig = z.infer<typeof liveConfig>;

// ---- the programme ----------------------------------------------------------------------

/** Staff pick these when recording a referral, so the name is in the staff's language only. */
export const organisationConfig = z.object({ id, name: z.string().min(1).max(120) });
export type OrganisationConfig = z.infer<typeof organisationConfig>;

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as FRONTDOOR_UPLOAD_TOKEN');

/** 127.0.0.0/8, ::1 or localhost: the only places the hub sends to over plain http://. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export const upstreamConfig = z
  .object({
    /** The programme's collector, e.g. https://collector.example.org (http:// only to this machine). */
    url: z.url({ protocol: /^https?$/ }),
    /** Name of the environment variable that holds the hub's upload token: never the token itself. */
    tokenEnv: envName,
    /** A PEM file of the certificate authority the collector's certificate is checked against (default: the system's). */
    caFile: z.string().min(1).optional(),
    /**
     * Name of the environment variable holding the programme's pseudonym key (base64, 32+ bytes), the
     * same on every hub of the programme; without it the hub makes one in <data>/keys/programme.key.
     */
    programmeKeyEnv: envName.optional(),
    /** Events per request (a typical event is about 420 bytes of JSON). */
    batchSize: z.number().int().min(1).max(5000).default(1000),
    /** A smaller batch waits at most this long for more events. */
    batchMaxAgeSeconds: z.number().min(0).max(600).default(5),
    timeoutSeconds: z.number().min(1).max(300).default(30),
    /** Acknowledged events stay in the hub's outbox this long, then are deleted. */
    keepAcknowledgedDays: z.number().int().min(0).max(3650).default(30),
    /** Reception is alerted when the oldest unsent event is older than this. */
    alertBacklogMinutes: z.number().int().min(1).max(30 * 24 * 60).default(120),
  })
  .refine((u) => !u.url.startsWith('http:') || isLoopbackHost(new URL(u.url).hostname), {
    message: 'plain http:// is only for a collector on this machine (127.0.0.1); use https://',
    path: ['url'],
  });
export type UpstreamConfig = z.infer<typeof upstreamConfig>;

// ---- the hub ----------------------------------------------------------------------------

const hubConfigShape = z.object({
    /** Stable id of this hub across the programme. */
    id,
    /** Bump when the configuration changes; every visit records the version that triaged it. */
    version: z.number().int().positive(),
    name: localizedText,
    address: z.string().max(200).optional(),
    timeZone,
    openingHours,
    languages: z.object({
      default: languageCode,
      offered: z.array(languageCode).min(1),
    }),
    partners: z.array(partnerConfig).min(1),
    howHeard: z.object({
      options: z.array(howHeardOption).min(2),
      /** Ask returning residents again (false: once per resident is enough). */
      askReturning: z.boolean().default(false),
    }),
    triage: triageConfig,
    privacy: z.object({
      /** Bump it whenever the notice's words change: every visit records the version it agreed to. */
      noticeVersion: z.string().min(1).max(32),
      /**
       * The privacy notice the kiosk shows, in every offered language: a title and a few short points
       * (layered: what happens to the answers, who sees them, what the funders get, how to ask).
       * Without it the kiosk shows its built-in wording. Kept with each configuration version, so the
       * words each version said stay on record.
       */
      notice: z
        .object({
          title: localizedText,
          points: z.array(localizedText).min(1).max(8),
        })
        .optional(),
      /** Days after a visit when names, card hashes and demographics are removed. */
      personalDataRetentionDays: z.number().int().positive(),
      /** Days after which anonymous visit rows are reduced to counts. */
      visitRetentionDays: z.number().int().positive(),
    }),
    queue: z
      .object({
        noShowGraceMinutes: z.number().int().min(0).max(120).default(5),
        recentServiceWindow: z.number().int().min(3).max(200).default(20),
      })
      .default({ noShowGraceMinutes: 5, recentServiceWindow: 20 }),
    kiosk: z
      .object({
        idleWarningSeconds: z.number().int().min(10).max(600).default(60),
        idleResetSeconds: z.number().int().min(20).max(300).default(30),
        askName: z.boolean().default(true),
        /**
         * A check-in out of opening hours: `refuse` it kindly (saying when the hub opens), or take it
         * for the `next-opening` and say so on the kiosk's screen.
         */
        outOfHours: z.enum(['refuse', 'next-opening']).default('next-opening'),
        /** scrypt hash of the PIN that lets staff leave kiosk mode (`npm run hub -- --hash-pin`). */
        exitPinHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'a hash made by --hash-pin').optional(),
      })
      .default({ idleWarningSeconds: 60, idleResetSeconds: 30, askName: true, outOfHours: 'next-opening' }),
    display: z
      .object({
        showName: z.boolean().default(false),
        chime: z.boolean().default(true),
        speak: z.boolean().default(true),
        recentCalls: z.number().int().min(1).max(12).default(5),
      })
      .default({ showName: false, chime: true, speak: true, recentCalls: 5 }),
    devices: devicesConfig.default({
      cardReader: { kind: 'simulator' },
      qrScanner: { kind: 'simulator' },
      printer: { kind: 'simulator', paper: 'ok' },
      printerColumns: 42,
    }),
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(4610),
        /**
         * Beyond 127.0.0.1 the hub serves HTTPS: with this certificate and key (PEM files), or with a
         * self-signed one it makes once in <data>/tls/ and whose fingerprint it prints at start.
         */
        tls: z.object({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
        /** Plain HTTP beyond 127.0.0.1 (passwords and sessions readable on the network): only on purpose. */
        allowInsecureLan: z.boolean().default(false),
        sessions: sessionsConfig.default(sessionDefaults),
        signIn: signInConfig.default(signInDefaults),
        /** Requests per rate class (read, kiosk, sign-in, staff, live) per address or enrolled kiosk. */
        rateLimits: rateLimitsConfig.default(rateLimitDefaults),
        live: liveConfig.default(liveDefaults),
        /**
         * Host names the hub also answers to, besides its listen address, localhost, 127.0.0.1,
         * [::1] and (on the network) this machine's names and addresses: e.g. the name a reverse
         * proxy forwards. Any other Host header is answered 421.
         */
        allowedHosts: z.array(allowedHost).max(32).default([]),
        /**
         * Addresses of reverse proxies whose X-Forwarded-For the hub believes. Empty (the default):
         * the caller is whoever opened the connection, and X-Forwarded-For is ignored.
         */
        trustedProxies: z.array(z.string().refine((a) => a.length > 0 && a.length <= 64, 'an IP address or CIDR range')).max(16).default([]),
      })
      .default({
        host: '127.0.0.1',
        port: 4610,
        allowInsecureLan: false,
        sessions: sessionDefaults,
        signIn: signInDefaults,
        rateLimits: rateLimitDefaults,
        live: liveDefaults,
        allowedHosts: [],
        trustedProxies: [],
      }),
    /** Outside organisations a partner may refer someone to; an outcome names one by id. */
    organisations: z.array(organisationConfig).default([]),
    upstream: upstreamConfig.optional(),
    // Programmes, equality questions, suppression, targets and funder returns.
    ...reportingFields,
  });

export const hubConfig = hubConfigShape
  .superRefine((hub, ctx) => {
    if (!hub.languages.offered.includes(hub.languages.default)) {
      ctx.addIssue({ code: 'custom', path: ['languages', 'default'], message: `"${hub.languages.default}" must be one of languages.offered` });
    }
    const seen = new Map<string, string>();
    const prefixes = new Map<string, string>();
    hub.partners.forEach((p, pi) =>
      p.services.forEach((s, si) => {
        const where = ['partners', pi, 'services', si];
        if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: [...where, 'id'], message: `service id "${s.id}" is used twice` });
        seen.set(s.id, p.id);
        const other = prefixes.get(s.ticketPrefix);
        if (other) ctx.addIssue({ code: 'custom', path: [...where, 'ticketPrefix'], message: `ticket prefix "${s.ticketPrefix}" is already used by service "${other}"` });
        prefixes.set(s.ticketPrefix, s.id);
      }),
    );
    const partnerIds = new Set(hub.partners.map((p) => p.id));
    hub.organisations.forEach((o, i) => {
      if (partnerIds.has(o.id)) ctx.addIssue({ code: 'custom', path: ['organisations', i, 'id'], message: `"${o.id}" is already a partner's id` });
      partnerIds.add(o.id);
    });
    hub.partners.forEach((p, pi) =>
      p.services.forEach((s, si) =>
        s.referrals.forEach((r, ri) => {
          if (!seen.has(r)) ctx.addIssue({ code: 'custom', path: ['partners', pi, 'services', si, 'referrals', ri], message: `"${r}" is not a service of this hub` });
        }),
      ),
    );
    const notice = hub.privacy.notice;
    if (notice) {
      for (const language of hub.languages.offered) {
        if (!(language in notice.title)) {
          ctx.addIssue({ code: 'custom', path: ['privacy', 'notice', 'title', language], message: `the notice needs its title in "${language}", a language this hub offers` });
        }
        notice.points.forEach((point, i) => {
          if (!(language in point)) {
            ctx.addIssue({ code: 'custom', path: ['privacy', 'notice', 'points', i, language], message: `the notice needs this point in "${language}", a language this hub offers` });
          }
        });
      }
    }
    const howHeardIds = new Set<string>();
    hub.howHeard.options.forEach((o, i) => {
      if (howHeardIds.has(o.id)) ctx.addIssue({ code: 'custom', path: ['howHeard', 'options', i, 'id'], message: `option id "${o.id}" is used twice` });
      howHeardIds.add(o.id);
    });
    checkReportingReferences(hub, ctx);
  });

/** Programmes, targets and funder indicators name partners, services, programmes that exist. */
function checkReportingReferences(
  hub: Pick<z.infer<typeof hubConfigShape>, 'partners' | 'programmes' | 'organisations' | 'reporting' | 'triage'>,
  ctx: z.RefinementCtx,
): void {
  const partners = new Set(hub.partners.map((p) => p.id));
  const services = new Set(hub.partners.flatMap((p) => p.services.map((s) => s.id)));
  const programmes = new Set<string>();
  hub.programmes.forEach((p, i) => {
    if (programmes.has(p.id)) ctx.addIssue({ code: 'custom', path: ['programmes', i, 'id'], message: `programme id "${p.id}" is used twice` });
    programmes.add(p.id);
    if (p.partner && !partners.has(p.partner)) ctx.addIssue({ code: 'custom', path: ['programmes', i, 'partner'], message: `"${p.partner}" is not a partner of this hub` });
  });
  const organisations = new Set<string>();
  hub.organisations.forEach((o, i) => {
    if (organisations.has(o.id)) ctx.addIssue({ code: 'custom', path: ['organisations', i, 'id'], message: `organisation id "${o.id}" is used twice` });
    organisations.add(o.id);
  });
  const needs = new Set(hub.triage.needs.map((n) => n.id));
  const checkFilters = (filters: MeasureFilterRefs, path: (string | number)[]) => {
    const check = (list: string[] | undefined, known: Set<string>, field: string, what: string) =>
      list?.forEach((value, i) => {
        if (!known.has(value)) ctx.addIssue({ code: 'custom', path: [...path, 'filters', field, i], message: `"${value}" is not ${what} of this hub` });
      });
    check(filters.programmes, programmes, 'programmes', 'a programme');
    check(filters.partners, partners, 'partners', 'a partner');
    // A referral's receiver is a partner of the hub or an outside organisation.
    check(filters.organisations, new Set([...organisations, ...partners]), 'organisations', 'a partner or organisation');
    check(filters.services, services, 'services', 'a service');
    check(filters.needs, needs, 'needs', 'a need');
  };
  hub.reporting.targets.forEach((t, i) => checkFilters(t.filters, ['reporting', 'targets', i]));
  hub.reporting.funderReturns.forEach((r, ri) => r.indicators.forEach((ind, ii) => checkFilters(ind.filters, ['reporting', 'funderReturns', ri, 'indicators', ii])));
}
type MeasureFilterRefs = {
  programmes?: string[] | undefined;
  partners?: string[] | undefined;
  organisations?: string[] | undefined;
  services?: string[] | undefined;
  needs?: string[] | undefined;
};

export type HubConfigInput = z.input<typeof hubConfig>;
export type HubConfig = z.infer<typeof hubConfig>;

export type FlatService = ServiceConfig & { partnerId: string; partnerName: LocalizedText };

export function servicesOf(hub: Pick<HubConfig, 'partners'>): FlatService[] {
  return hub.partners.flatMap((p) => p.services.map((s) => ({ ...s, partnerId: p.id, partnerName: p.name })));
}

/** Who an outcome may name as the receiver of a referral: the hub's partners and the known outside organisations. */
export function referralTargetsOf(hub: Pick<HubConfig, 'partners' | 'organisations'>): { id: string; name: string }[] {
  return [...hub.partners.map((p) => ({ id: p.id, name: p.name.en })), ...hub.organisations.map((o) => ({ id: o.id, name: o.name }))];
}

export function localize(text: LocalizedText | undefined, lang: string): string {
  if (!text) return '';
  return text[lang] ?? text.en;
}
