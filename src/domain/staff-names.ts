// How a staff member is named to guests and colleagues: one rule, used by every presenter.
import type { StaffProfile } from './ports.js';

/** "First Last"; "Hotel Staff" when both are empty. */
export function displayName(s: Pick<StaffProfile, 'firstName' | 'lastName'>): string {
  const name = `${s.firstName.trim()} ${s.lastName.trim()}`.trim();
  return name === '' ? 'Hotel Staff' : name;
}

/** The role as shown; "Staff" when none is set. */
export function roleName(s: Pick<StaffProfile, 'role'>): string {
  return s.role.trim() === '' ? 'Staff' : s.role;
}
