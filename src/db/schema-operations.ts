// Table types for migrations/010-hotel-operations.ts (joined into DB in schema.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OperationsTables {}
