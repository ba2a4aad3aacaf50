import type { FastifyReply, FastifyRequest } from 'fastify';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { sessionCookie } from '../../src-shared/api/auth-contract';
import { kioskCookie } from '../../src-shared/api/kiosk-contract';

/**
 * The screens' Content-Security-Policy, sent as a header on every response. It is the same policy
 * as the meta tag in src-renderer/index.html (a test keeps the two in step); the header also makes
 * `frame-ancestors` count, which a meta tag cannot.
 */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob: data:; " +
  "connect-src 'self' ws: wss:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export function setSecurityHeaders(reply: FastifyReply, options: { https: boolean; api: boolean }): void {
  reply.header('content-security-policy', contentSecurityPolicy);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
  // The kiosk may use its camera for QR codes; nothing else may ask for anything.
  reply.header('permissions-policy', 'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=()');
  if (options.https) reply.header('strict-transport-security', 'max-age=31536000');
  // Queue and account replies hold personal data: never kept by a browser or a proxy.
  if (options.api) reply.header('cache-control', 'no-store');
}

/**
 * The hub's own machine: 127.0.0.1 and ::1 (also as ::ffff:127.0.0.1), nothing else. The rest of
 * 127.0.0.0/8 is not trusted: a container, a tunnel or a proxy can hand out such addresses to
 * callers that are not on this machine at all.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.toLowerCase();
  return plain === '127.0.0.1' || plain === '::1' || plain === '::ffff:127.0.0.1';
}

/** The caller's address: the connection's peer, or what a configured proxy says it forwarded for. */
export function callerAddressOf(request: FastifyRequest): string {
  // request.ip is the socket's address unless server.trustedProxies names the peer.
  return request.ip || request.socket.remoteAddress || 'unknown';
}

/** The host name of a Host header: lower case, without its port; an IPv6 literal keeps its brackets. */
export function hostNameOf(host: string | undefined): string | null {
  if (!host) return null;
  const value = host.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return null;
    const rest = value.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    return value.slice(0, end + 1);
  }
  const match = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value);
  return match ? match[1]!.replace(/\.$/, '') : null;
}

function asHostName(nameOrAddress: string): string {
  const value = nameOrAddress.trim().toLowerCase();
  if (value.startsWith('[')) return value;
  return isIP(value) === 6 ? `[${value}]` : value;
}

/**
 * The names a request may give in its Host header: localhost and the loopback addresses, the
 * listen address, on the network this machine's names and addresses, and `server.allowedHosts`.
 * Anything else is a page that got here under another name (DNS rebinding) and is answered 421.
 */
export function allowedHostNames(options: { listenHost: string; allowedHosts: readonly string[]; lan: boolean }): ReadonlySet<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  const listen = asHostName(options.listenHost);
  const wildcard = listen === '0.0.0.0' || listen === '[::]';
  if (!wildcard) names.add(listen);
  if (options.lan) {
    const own = hostname().toLowerCase();
    if (/^[a-z0-9.-]{1,253}$/.test(own)) {
      names.add(own);
      if (!own.includes('.')) names.add(`${own}.local`);
    }
    if (wildcard) {
      for (const list of Object.values(networkInterfaces())) {
        for (const nic of list ?? []) names.add(asHostName(nic.address.split('%')[0]!));
      }
    }
  }
  for (const host of options.allowedHosts) names.add(asHostName(host));
  return names;
}

export function isAllowedHost(request: FastifyRequest, allowed: ReadonlySet<string>): boolean {
  const name = hostNameOf(request.headers.host);
  return name !== null && allowed.has(name);
}

/**
 * True when the request did not come from a page of another origin. Browsers send Origin on
 * every cross-origin request and on WebSocket handshakes; programs on the hub (tests, the CLI)
 * send none.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * The caller is on the hub's own machine and not a page of some other origin (the kiosk, a demo).
 * A request from 127.0.0.1 that says it was forwarded for someone came through a proxy the
 * configuration does not name: its real caller is unknown, so it is not the hub's own machine.
 */
export function isTrustedLocalCaller(request: FastifyRequest): boolean {
  const forwarded = request.headers['x-forwarded-for'] !== undefined || request.headers['forwarded'] !== undefined;
  const viaUnnamedProxy = forwarded && request.ip === request.socket.remoteAddress;
  return isLoopbackAddress(callerAddressOf(request)) && !viaUnnamedProxy && isSameOrigin(request);
}

export function readCookie(header: string | undefined, name: string = sessionCookie): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The session cookie: HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS; gone with the browser. */
export function sessionCookieHeader(sessionId: string, secure: boolean): string {
  return [`${sessionCookie}=${sessionId}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookieHeader(secure: boolean): string {
  return [`${sessionCookie}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}

/** An enrolled kiosk's credential: HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS; kept for years. */
export function kioskCookieHeader(credential: string, secure: boolean): string {
  return [`${kioskCookie}=${credential}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${10 * 366 * 24 * 3600}`, ...(secure ? ['Secure'] : [])].join('; ');
}
