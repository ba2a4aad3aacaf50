import { serverMessage, type ServerMessage } from './contract';

/**
 * A live message a screen could not read: not JSON, or not a message of the contract it was built
 * with (the hub was updated and the page was not). The screen may have missed a change, so it
 * must be reloaded rather than go on showing what may be out of date.
 */
export type UnreadableMessage = { reason: 'not-json' | 'not-in-contract'; kind: string | null };

/** Parses one live message against the contract; what could not be read says why (and its kind, if it had one). */
export function readMessage(data: unknown): { ok: true; value: ServerMessage } | { ok: false; problem: UnreadableMessage } {
  let json: unknown;
  try {
    json = JSON.parse(String(data));
  } catch {
    return { ok: false, problem: { reason: 'not-json', kind: null } };
  }
  const parsed = serverMessage.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const kind = typeof json === 'object' && json !== null && 'kind' in json && typeof json.kind === 'string' ? json.kind : null;
  return { ok: false, problem: { reason: 'not-in-contract', kind } };
}
