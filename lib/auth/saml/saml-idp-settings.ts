// A facility's SAML IdP settings as an admin enters them by hand (entity id, SSO
// URL, signing certificate(s)), validated and normalized into what the
// `identity_providers` SAML columns hold. parse-idp-metadata.ts ends here too.
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { CertificateError, normalizeCertificate } from './normalize-certificate';

export type SamlIdpSettings = {
  entityId: string;
  ssoUrl: string;
  /** PEM, one per signing key (two during an IdP's key rollover). */
  certificates: string[];
};

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https only, except on loopback (tests and local development). */
const ssoUrl = z
  .string()
  .trim()
  .url()
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
  }, 'The SSO URL must use https.');

export const samlIdpSettingsInput = z.object({
  entityId: z.string().trim().min(1, 'The IdP entity id is required.').max(1024),
  ssoUrl,
  certificates: z.array(z.string()).min(1, 'At least one signing certificate is required.').max(4),
});

export function samlIdpSettings(input: unknown): SamlIdpSettings {
  const parsed = samlIdpSettingsInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError('unprocessable:saml_idp_settings', parsed.error.issues.map((i) => i.message).join(' '));
  }
  const certificates: string[] = [];
  for (const [index, raw] of parsed.data.certificates.entries()) {
    try {
      const pem = normalizeCertificate(raw);
      if (!certificates.includes(pem)) certificates.push(pem);
    } catch (err) {
      if (!(err instanceof CertificateError)) throw err;
      throw new AppError('unprocessable:saml_idp_settings', `Signing certificate ${index + 1}: ${err.message}.`);
    }
  }
  return { entityId: parsed.data.entityId, ssoUrl: parsed.data.ssoUrl, certificates };
}
