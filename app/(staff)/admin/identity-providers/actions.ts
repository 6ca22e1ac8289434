'use server';
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { saveIdentityProvider, saveIdentityProviderInput } from '@/lib/identity-providers/save-identity-provider';
import { setEmailDomainsInput, setProviderEmailDomains, type EmailDomainClaimView } from '@/lib/identity-providers/email-domain-claims';
import { requestContextFrom } from '@/lib/http/request-context';
import { toActionResult, validationFailure, type ActionResult } from '@/lib/http/action-result';

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
};

export async function saveIdentityProviderAction(_prev: unknown, form: FormData): Promise<ActionResult<{ id: string }>> {
  const parsed = saveIdentityProviderInput.safeParse({
    kind: form.get('kind'),
    displayName: field(form, 'displayName'),
    issuer: field(form, 'issuer'),
    clientId: field(form, 'clientId'),
    clientSecret: field(form, 'clientSecret'),
    groupsClaim: field(form, 'groupsClaim'),
    metadataXml: field(form, 'metadataXml'),
    entityId: field(form, 'entityId'),
    ssoUrl: field(form, 'ssoUrl'),
    certificate: field(form, 'certificate'),
    roleMapping: field(form, 'roleMapping') ?? '',
  });
  if (!parsed.success) return validationFailure(parsed.error);
  const context = requestContextFrom(await headers());
  const result = await toActionResult(async () => saveIdentityProvider(await requireStaffActor(), parsed.data, context));
  if (result.ok) revalidatePath('/admin/identity-providers');
  return result;
}

export async function setEmailDomainsAction(_prev: unknown, form: FormData): Promise<ActionResult<EmailDomainClaimView[]>> {
  const parsed = setEmailDomainsInput.safeParse({ providerId: form.get('providerId'), domains: form.get('emailDomains') ?? '' });
  if (!parsed.success) return validationFailure(parsed.error);
  const context = requestContextFrom(await headers());
  const result = await toActionResult(async () => setProviderEmailDomains(await requireStaffActor(), parsed.data, context));
  if (result.ok) revalidatePath('/admin/identity-providers');
  return result;
}
