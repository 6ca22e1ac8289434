// Turns node-saml's plain Errors into our AppErrors, by message, in one table, so
// every refusal carries a specific code and a message a person can act on. The
// original error stays attached as `cause` for the log; it never reaches the client.
import { SamlStatusError } from '@node-saml/node-saml';
import { AppError, isAppError, type ErrorCode } from '@/lib/errors';

export const samlErrorMessages = {
  'bad_request:saml_response': 'The sign-in response is not a readable SAML response.',
  'unauthorized:saml_signature': "The sign-in response is not validly signed by your identity provider's configured certificate.",
  'unauthorized:saml_expired': 'The sign-in response has expired or is not yet valid. Please sign in again.',
  'unauthorized:saml_audience': 'The sign-in response was issued for a different service.',
  'unauthorized:saml_destination': 'The sign-in response was addressed to a different sign-in endpoint.',
  'unauthorized:saml_issuer': 'The sign-in response comes from a different identity provider than the one configured.',
  'unauthorized:saml_in_response_to': 'The sign-in response does not answer a pending sign-in from here (it is unknown, expired or already used). Please sign in again.',
  'unauthorized:saml_replayed': 'This sign-in response has already been used. Please sign in again.',
  'unauthorized:saml_other_browser':
    'This sign-in was not started in this browser, so it was refused and you are not signed in. To sign in, press your sign-in button here.',
  'unauthorized:saml_status': 'Your identity provider did not sign you in.',
  'unauthorized:saml_subject': 'The sign-in response does not carry a usable, persistent user identifier.',
  'unauthorized:saml_invalid': 'The sign-in response could not be verified.',
} as const satisfies Record<ErrorCode, string>;

export type SamlErrorCode = keyof typeof samlErrorMessages;

export function samlError(code: SamlErrorCode, detail?: string, cause?: unknown): AppError {
  const message = samlErrorMessages[code] + (detail ? ` (${detail})` : '');
  return new AppError(code, message, cause === undefined ? undefined : { cause });
}

/** node-saml error message → our code. First match wins; order matters. */
const byMessage: [RegExp, SamlErrorCode][] = [
  [/signature|Referenced node|ID cannot refer|Cannot obtain assertion|transforms/i, 'unauthorized:saml_signature'],
  [/expired|not yet valid|too old/i, 'unauthorized:saml_expired'],
  [/audience/i, 'unauthorized:saml_audience'],
  [/not a valid XML/i, 'bad_request:saml_response'], // we parse strictly first; kept for safety
];

export function fromNodeSamlError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (err instanceof SamlStatusError) {
    // e.g. "SAML provider returned Responder error: AuthnFailed". Status responses may be
    // unsigned, so show only status-code words, never the free-text StatusMessage.
    const [, top, rest] = /returned (\w+) error: (.*)$/.exec(err.message) ?? [];
    const nested = rest && /^\w{1,64}$/.test(rest) ? `: ${rest}` : '';
    return samlError('unauthorized:saml_status', top ? `${top}${nested}` : undefined, err);
  }
  const message = err instanceof Error ? err.message : String(err);
  const code = byMessage.find(([pattern]) => pattern.test(message))?.[1] ?? 'unauthorized:saml_invalid';
  return samlError(code, undefined, err);
}
