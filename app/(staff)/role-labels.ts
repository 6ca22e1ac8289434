import type { StaffRole } from '@/db/schema';

/** Staff roles as the console names them. */
export const roleLabels: Record<StaffRole, string> = {
  facility_admin: 'Facility admin',
  front_desk: 'Front desk',
  clinician: 'Clinician',
  compliance: 'Compliance',
};
