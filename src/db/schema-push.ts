// Table types for migrations/007-web-push.ts (joined into DB in schema.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PushTables {}
