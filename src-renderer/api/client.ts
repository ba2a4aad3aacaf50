import type { ApiError, ErrorCode } from '../../src-shared/api/contract';
import { csrfHeader } from '../../src-shared/api/auth-contract';
import { pathOf, type EndpointInput, type EndpointReply, type EndpointSpec } from '../../src-shared/api/endpoints';

/** An API error as data: a code the screen translates, the field it is about, the hub's message. */
export class ApiRequestError extends Error {
  readonly code: ErrorCode | 'NETWORK';
  readonly field: string | undefined;
  readonly status: number;
  /** Extra facts from the hub, e.g. `secondsLeft` with NO_SHOW_TOO_EARLY. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode | 'NETWORK', message: string, status: number, field?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiRequestError';
    this.code = code;
    this.status = status;
    this.field = field;
    this.details = details;
  }
}

// The staff session's CSRF token. It lives in memory only: a reload asks the hub for it again
// (GET /api/auth/me), so nothing of the session is ever written to storage.
let csrfToken: string | null = null;
const unauthorizedListeners = new Set<(error: ApiRequestError, path: string) => void>();

/** Sets (or clears, with null) the token sent as `x-csrf-token` on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Hears every 401 from the hub (a session that ended, or was ended everywhere); returns an unsubscribe. */
export function onUnauthorized(listener: (error: ApiRequestError, path: string) => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (method !== 'GET' && csrfToken !== null) headers[csrfHeader] = csrfToken;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
      signal: signal ?? null,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiRequestError('NETWORK', 'The hub cannot be reached.', 0);
  }
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = (data as ApiError | null)?.error;
    const failure = new ApiRequestError(
      error?.code ?? 'INTERNAL',
      error?.message ?? `The hub answered ${response.status}.`,
      response.status,
      error?.field,
      error?.details,
    );
    if (response.status === 401) for (const listener of unauthorizedListeners) listener(failure, path);
    throw failure;
  }
  return data as T;
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Calls one endpoint of the hub, typed end to end by the endpoint table: the params, query and
 * body it takes, and its reply, checked against the reply's schema before the screen sees it.
 */
export async function call<E extends EndpointSpec>(endpoint: E, input: EndpointInput<E>, signal?: AbortSignal): Promise<EndpointReply<E>> {
  const parts = input as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
  const path = `${pathOf(endpoint, parts.params)}${queryString(parts.query)}`;
  const data = await request<unknown>(endpoint.method, path, endpoint.method === 'GET' ? undefined : (parts.body ?? {}), signal);
  const reply = endpoint.reply.safeParse(data);
  if (!reply.success) {
    throw new ApiRequestError('INTERNAL', `The hub answered ${endpoint.method} ${endpoint.path} in a shape this screen does not know; reload the screen.`, 200);
  }
  return reply.data as EndpointReply<E>;
}

/**
 * The address of a file endpoint (`download: true`) with its query: a link the browser downloads
 * with the session cookie. The query is checked against the endpoint's schema first, so a bad one
 * is an error here rather than a file of JSON.
 */
export function downloadUrl<E extends EndpointSpec & { download: true }>(endpoint: E, input: EndpointInput<E>): string {
  const parts = input as { params?: Record<string, string>; query?: Record<string, unknown> };
  if (endpoint.query) endpoint.query.parse(parts.query ?? {});
  return `${pathOf(endpoint, parts.params)}${queryString(parts.query)}`;
}
