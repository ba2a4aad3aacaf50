/**
 * The kiosk shell's security decisions as plain functions, so each is tested without Electron.
 * main.ts wires them to Electron's events.
 */

/** Only the hub's own origin may be shown; everything else is refused. */
export function isAllowedNavigation(target: string, hubOrigin: string): boolean {
  try {
    const url = new URL(target);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === hubOrigin;
  } catch {
    return false;
  }
}

/** Camera (for QR codes) for the kiosk origin only; every other permission, for anyone, is denied. */
export function isAllowedPermission(permission: string, requestingOrigin: string, hubOrigin: string, details: { mediaTypes?: string[] } = {}): boolean {
  if (permission !== 'media' || requestingOrigin !== hubOrigin) return false;
  // The kiosk never needs the microphone.
  return (details.mediaTypes ?? ['video']).every((type) => type === 'video');
}

/** What an IPC message's sender must be: the kiosk's main frame, on the hub's origin. */
export type SenderFrame = { url: string; parent: unknown } | null | undefined;

export function isTrustedSender(frame: SenderFrame, hubOrigin: string): boolean {
  if (!frame || frame.parent !== null) return false;
  return isAllowedNavigation(frame.url, hubOrigin);
}

export type KeyInput = { type: string; key: string; control: boolean; meta: boolean; alt: boolean; shift: boolean };

/**
 * Keys that would reload, close, zoom or open developer tools: swallowed in a kiosk build so a
 * resident cannot leave the check-in screen or reach the machine.
 */
export function isBlockedShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (['f5', 'f11', 'f12', 'browserback', 'browserforward', 'browserrefresh'].includes(key)) return true;
  if (input.alt && ['f4', 'arrowleft', 'arrowright', 'home'].includes(key)) return true;
  if (mod && ['r', 'w', 'q', 'n', 't', 'p', 's', 'o', 'u', 'f', 'g', 'h', 'j', 'l', '+', '-', '=', '0'].includes(key)) return true;
  if (mod && input.shift && ['i', 'j', 'c', 'delete'].includes(key)) return true;
  return false;
}

/** The CSP the shell adds to every response, in case a page ever arrives without its own. */
export const shellContentSecurityPolicy =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob: data:; " +
  "connect-src 'self' ws: wss:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
