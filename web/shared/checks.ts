// Narrowing checks for data that arrives as `unknown` (realtime payloads). `shape<T>` takes a
// check for every field of T, so the compiler keeps each list complete and each check of the
// field's contract type: a field added to or changed in the server's schema breaks the build
// here, instead of letting a payload of the wrong shape into state.

export type Check<T> = (v: unknown) => v is T;

/** One check per field of T, optional fields included (they take `optional(…)`). */
export type Fields<T> = { [K in keyof T]-?: Check<T[K]> };

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v): v is T | null => v === null || check(v);
}

export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (v): v is T | undefined => v === undefined || check(v);
}

export function arrayOf<T>(check: Check<T>): Check<T[]> {
  return (v): v is T[] => Array.isArray(v) && v.every(check);
}

/** A string union, from a record naming every member once (the compiler checks it is complete). */
export function oneOf<T extends string>(members: Record<T, true>): Check<T> {
  return (v): v is T => typeof v === 'string' && Object.hasOwn(members, v);
}

export function shape<T>(fields: Fields<T>): Check<T> {
  return (v): v is T => {
    if (!isRecord(v)) return false;
    for (const key in fields) if (!fields[key](v[key])) return false;
    return true;
  };
}
