// Table types for migrations/006-attachments.ts (joined into DB in schema.ts).
import type { Generated } from 'kysely';
import type { AttachmentKind } from '../domain/ports.js';

export interface AttachmentTables {
  attachments: {
    id: Generated<number>;
    message_id: number;
    conversation_id: number;
    hotel_id: number;
    stay_id: number;
    kind: AttachmentKind;
    file_name: string;
    content_type: string;
    size: number;
    width: number | null;
    height: number | null;
    storage_key: string;
    thumbnail_key: string | null;
    created_at: Date;
  };
}
