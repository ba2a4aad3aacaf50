import type { ApiError, ErrorCode } from '../../src-shared/api/contract';

/** An API error as data: a code the screen translates, the field it is about, the hub's message. */
export class ApiRequestError extends Error {
  readonly code: ErrorCode | 'NETWORK';
  readonly field: string | undefined;
  readonly status: number;

  constructor(code: ErrorCode | 'NETWORK', message: string, status: number, field?: string) {
    super(message);
    this.name = 'ApiRequestError';
    this.code = code;
    this.status = status;
    this.field = field;
  }
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
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
    throw new ApiRequestError(error?.code ?? 'INTERNAL', error?.message ?? `The hub answered ${response.status}.`, response.status, error?.field);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal),
  post: <T>(path: string, body: unknown = {}, signal?: AbortSignal) => request<T>('POST', path, body, signal),
};
