// Table types for migrations/008-desk-day.ts (joined into DB in schema.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DeskDayTables {}
