'use server';
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { facilityDetailsInput } from '@/lib/facilities/facility-details-input';
import { updateFacilityDetails, type FacilityDetails } from '@/lib/facilities/facility-details';
import { toActionResult, validationFailure, type ActionResult } from '@/lib/http/action-result';
import { requestContextFrom } from '@/lib/http/request-context';

// Thin: validate what was sent, then lib/ authorizes (facility admin, own facility), saves and audits.
export async function saveFacilityDetailsAction(_prev: unknown, form: FormData): Promise<ActionResult<FacilityDetails>> {
  const field = (name: string) => form.get(name) ?? '';
  const parsed = facilityDetailsInput.safeParse({
    facilityId: field('facilityId'),
    displayName: field('displayName'),
    phone: field('phone'),
    address: field('address'),
    helpText: field('helpText'),
  });
  if (!parsed.success) return validationFailure(parsed.error);
  const context = requestContextFrom(await headers());
  const result = await toActionResult(async () => updateFacilityDetails(await requireStaffActor(), parsed.data, context));
  if (result.ok) revalidatePath('/admin/facility');
  return result;
}
