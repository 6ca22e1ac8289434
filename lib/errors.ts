// One error type with a closed set of codes. Codes map to HTTP statuses in one
// table; anything that is not an AppError reaches the client as "Something went
// wrong" plus a request id, and the full error goes to the log.

const statusByKind = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
} as const;

export type ErrorKind = keyof typeof statusByKind;
/** `kind:subject`, e.g. `not_found:share_link`. */
export type ErrorCode = `${ErrorKind}:${string}`;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Safe to show to the person who made the request. Never contains secrets or patient data of others. */
  readonly publicMessage: string;

  constructor(code: ErrorCode, publicMessage?: string, options?: { cause?: unknown }) {
    super(`${code}${publicMessage ? `: ${publicMessage}` : ''}`, options);
    this.name = 'AppError';
    this.code = code;
    const kind = code.split(':')[0] as ErrorKind;
    this.status = statusByKind[kind] ?? 500;
    this.publicMessage = publicMessage ?? defaultMessage(kind);
  }
}

function defaultMessage(kind: ErrorKind): string {
  switch (kind) {
    case 'not_found':
      return 'Not found.';
    case 'unauthorized':
      return 'Please sign in.';
    case 'forbidden':
      return 'You are not allowed to do that.';
    case 'rate_limited':
      return 'Too many attempts. Please wait and try again.';
    default:
      return 'The request could not be completed.';
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
