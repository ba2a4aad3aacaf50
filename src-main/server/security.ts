import type { FastifyReply, FastifyRequest } from 'fastify';
import { isIP } from 'node:net';
import { sessionCookie } from '../../src-shared/api/auth-contract';

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

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6: the hub's own machine. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
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

/** The caller is on the hub's own machine and not a page of some other origin (the kiosk, a demo). */
export function isTrustedLocalCaller(request: FastifyRequest): boolean {
  return isLoopbackAddress(request.socket.remoteAddress) && isSameOrigin(request);
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
