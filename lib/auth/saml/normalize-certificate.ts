// An IdP signing certificate as admins paste it (PEM, or the bare base64 from
// metadata, with any line breaks) → one canonical PEM, checked to be a real X.509
// certificate with an RSA or EC key, so a typo fails at configuration time and
// not at somebody's first sign-in.
import { X509Certificate } from 'node:crypto';

export class CertificateError extends Error {}

export function normalizeCertificate(input: string): string {
  const body = input
    .replace(/-----BEGIN CERTIFICATE-----|-----END CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
  if (body === '' || !/^[A-Za-z0-9+/]+=*$/.test(body)) throw new CertificateError('not a PEM or base64 X.509 certificate');
  const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new CertificateError('the certificate could not be read (is it complete?)');
  }
  const keyType = cert.publicKey.asymmetricKeyType;
  if (keyType !== 'rsa' && keyType !== 'ec') throw new CertificateError(`unsupported key type ${keyType ?? 'unknown'}`);
  return pem;
}
