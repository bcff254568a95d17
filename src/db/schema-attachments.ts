// Table types for migrations/006-attachments.ts (joined into DB in schema.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AttachmentTables {}
