import type { ErrorCode } from '../src-shared/api/contract';

const statusOf: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  UNKNOWN_SERVICE: 404,
  UNKNOWN_DESK: 400,
  QUEUE_EMPTY: 409,
  INVALID_TRANSITION: 409,
  NO_SHOW_TOO_EARLY: 409,
  TRIAGE_INVALID: 400,
  CONSENT_OUTDATED: 409,
  CARD_UNREADABLE: 422,
  QR_REJECTED: 422,
  PRINTER_UNAVAILABLE: 503,
  HUB_CLOSED: 409,
  INTERNAL: 500,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  INVALID_CREDENTIALS: 401,
  TOO_MANY_ATTEMPTS: 429,
  SETUP_TOKEN_INVALID: 401,
  ALREADY_SET_UP: 409,
  ALREADY_EXISTS: 409,
  RATE_LIMITED: 429,
  KIOSK_NOT_ENROLLED: 401,
  PAIRING_CODE_INVALID: 401,
  MISDIRECTED_REQUEST: 421,
  TOO_MANY_CONNECTIONS: 429,
  HUB_BUSY: 503,
};

/** An error with a code a screen can translate, the field it is about, and details for the log. */
export class HubError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  /** Sent as the Retry-After header: when the caller may usefully try again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: { field?: string; details?: Record<string, unknown>; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'HubError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get httpStatus(): number {
    return statusOf[this.code];
  }

  toBody() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

/** Ends a `switch` over a union: adding a case without handling it fails to compile, and throws if reached. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
