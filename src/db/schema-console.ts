// Table types for migrations/011-manager-console.ts (joined into DB in schema.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ConsoleTables {}
