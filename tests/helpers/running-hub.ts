import pino, { type Logger } from 'pino';
import type { Devices } from '../../src-main/devices/device-manager';
import { parseHubConfig } from '../../src-main/config/load-config';
import type { Clock } from '../../src-main/queue/queue-service';
import { startHub, type RunningHub, type StartOptions } from '../../src-main/start-hub';
import { csrfHeader, sessionCookie, type SessionReply, type StaffAccountView, type StaffRole, type StaffView } from '../../src-shared/api/auth-contract';
import { endpoints } from '../../src-shared/api/endpoints';
import type { HubConfig } from '../../src-shared/config/schema';
import { makeTempDir } from './temp-dir';

export type TestHub = RunningHub & { dataDir: string; dispose: () => Promise<void> };

/** A real hub core on an ephemeral port of 127.0.0.1 (or another loopback address) with a fresh data folder. */
export async function startTestHub(options: {
  hub: HubConfig;
  devices?: Devices;
  now?: Clock;
  dataDir?: string;
  /** Only addresses in 127.0.0.0/8: anything but 127.0.0.1 puts the hub in LAN mode (HTTPS). */
  host?: string;
  logger?: Logger;
  configFile?: string;
  /** The uploader's timings and where its token comes from. */
  sync?: StartOptions['sync'];
  /** false: callers on this machine count as the network (enrolment tried in a browser on 127.0.0.1). */
  trustHubMachine?: boolean;
}): Promise<TestHub> {
  const temp = options.dataDir ? null : makeTempDir('frontdoor-hub-');
  const dataDir = options.dataDir ?? temp!.path;
  const running = await startHub({
    dataDir,
    config: parseHubConfig(options.hub, options.configFile ?? 'test-hub.yaml'),
    host: options.host ?? '127.0.0.1',
    port: 0,
    logger: options.logger ?? pino({ level: 'silent' }),
    devices: options.devices ?? { printer: null, cardReader: null, qrScanner: null },
    ...(options.now ? { now: options.now } : {}),
    ...(options.sync ? { sync: options.sync } : {}),
    ...(options.trustHubMachine === false ? { trustHubMachine: false } : {}),
  });
  return {
    ...running,
    dataDir,
    async dispose() {
      await running.close();
      temp?.remove();
    },
  };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** JSON over HTTP to the test hub, returning the status and the parsed body. */
export async function call<T = unknown>(
  hub: { url: string },
  method: Method,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${hub.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

// ---- staff sessions ---------------------------------------------------------------------------

/** The password every test account gets unless told otherwise (12+ characters, as the hub requires). */
export const testPassword = 'correct horse battery staple';

/**
 * A signed-in member of staff, as a browser would hold it: the session cookie and the CSRF token
 * from the sign-in reply. `call` sends both (the token only on state-changing requests).
 * For Playwright: `context.addCookies([{ name: session.cookie.name, value: session.cookie.value, url: hub.url }])`.
 */
export type StaffSession = {
  staff: StaffView;
  csrfToken: string;
  idleTimeoutMinutes: number;
  cookie: { name: string; value: string };
  /** `fd_session=<id>`, for a Cookie header (a WebSocket handshake, say). */
  cookieHeader: string;
  call<T = unknown>(method: Method, path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }>;
};

function sessionFrom(hub: { url: string }, reply: SessionReply, headers: Headers): StaffSession {
  const set = headers.getSetCookie().find((c) => c.startsWith(`${sessionCookie}=`) && !c.startsWith(`${sessionCookie}=;`));
  if (!set) throw new Error('the hub did not set a session cookie');
  const value = set.slice(sessionCookie.length + 1).split(';')[0]!;
  const cookieHeader = `${sessionCookie}=${value}`;
  return {
    staff: reply.staff,
    csrfToken: reply.csrfToken,
    idleTimeoutMinutes: reply.idleTimeoutMinutes,
    cookie: { name: sessionCookie, value },
    cookieHeader,
    call: (method, path, body) =>
      call(hub, method, path, body, { cookie: cookieHeader, ...(method === 'GET' ? {} : { [csrfHeader]: reply.csrfToken }) }),
  };
}

/** Signs in with a password or a PIN; throws with the hub's error when it refuses. */
export async function signIn(hub: { url: string }, username: string, secret: { password: string } | { pin: string }): Promise<StaffSession> {
  const res = await call<SessionReply & { error?: { code: string; message: string } }>(hub, 'POST', endpoints.login.path, { username, ...secret });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${res.body.error?.code ?? ''} ${res.body.error?.message ?? ''}`);
  return sessionFrom(hub, res.body, res.headers);
}

/** First run: creates the first administrator with the hub's printed setup token, signed in. */
export async function setupAdmin(hub: Pick<RunningHub, 'url' | 'setup'>, account: { username?: string; displayName?: string; password?: string } = {}): Promise<StaffSession> {
  if (!hub.setup) throw new Error('this hub is set up already (it printed no setup token)');
  const res = await call<SessionReply & { error?: { code: string; message: string } }>(hub, 'POST', endpoints.setup.path, {
    token: hub.setup.token,
    username: account.username ?? 'admin',
    displayName: account.displayName ?? 'Ada Admin',
    password: account.password ?? testPassword,
  });
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${res.body.error?.code ?? ''} ${res.body.error?.message ?? ''}`);
  return sessionFrom(hub, res.body, res.headers);
}

let accounts = 0;

/** Creates a staff account through a manager's or admin's session; a password unless a PIN is given. */
export async function createStaff(
  by: StaffSession,
  account: { role: StaffRole; services?: string[]; username?: string; displayName?: string; password?: string; pin?: string },
): Promise<StaffAccountView> {
  accounts += 1;
  const res = await by.call<{ staff: StaffAccountView; error?: { code: string; message: string } }>('POST', endpoints.createStaff.path, {
    username: account.username ?? `${account.role}-${accounts}`,
    displayName: account.displayName ?? `${account.role[0]!.toUpperCase()}${account.role.slice(1)} ${accounts}`,
    role: account.role,
    services: account.services ?? [],
    ...(account.pin ? { pin: account.pin } : { password: account.password ?? testPassword }),
  });
  if (res.status !== 201) throw new Error(`creating a ${account.role} failed: ${res.status} ${res.body.error?.code ?? ''} ${res.body.error?.message ?? ''}`);
  return res.body.staff;
}

const admins = new WeakMap<object, Promise<StaffSession>>();

/** The hub's first administrator, set up on first use and shared by later calls for the same hub. */
export function adminOf(hub: Pick<RunningHub, 'url' | 'setup'>): Promise<StaffSession> {
  let admin = admins.get(hub);
  if (!admin) {
    admin = setupAdmin(hub);
    admins.set(hub, admin);
  }
  return admin;
}

/**
 * A fresh account of this role, signed in (the admin is set up first when needed). A partner
 * needs its services. `pin: '4826'` makes a PIN account and signs in with the PIN.
 */
export async function signInAs(
  hub: Pick<RunningHub, 'url' | 'setup'>,
  role: StaffRole,
  options: { services?: string[]; username?: string; displayName?: string; pin?: string } = {},
): Promise<StaffSession> {
  const admin = await adminOf(hub);
  if (role === 'admin' && !options.username) return admin;
  const created = await createStaff(admin, { role, ...options });
  return signIn(hub, created.username, options.pin ? { pin: options.pin } : { password: testPassword });
}
