import type { Kysely, Selectable } from 'kysely';
import type { AttachmentRecord, Repos, StoredAttachment } from '../../domain/ports.js';
import type { DB } from '../schema.js';

type Row = Selectable<DB['attachments']>;

/** What a viewer sees of an attachment row (also used by the message list's left join). */
export const toAttachment = (r: Pick<Row, 'id' | 'kind' | 'file_name' | 'content_type' | 'size' | 'width' | 'height'>): AttachmentRecord => ({
  id: r.id,
  kind: r.kind,
  fileName: r.file_name,
  contentType: r.content_type,
  size: r.size,
  width: r.width,
  height: r.height,
});

const toStored = (r: Row): StoredAttachment => ({
  ...toAttachment(r),
  messageId: r.message_id,
  conversationId: r.conversation_id,
  hotelId: r.hotel_id,
  stayId: r.stay_id,
  storageKey: r.storage_key,
  thumbnailKey: r.thumbnail_key,
});

export function attachmentRepository(db: Kysely<DB>): Repos['attachments'] {
  return {
    async insert(messageId, owner, a, at) {
      const row = await db
        .insertInto('attachments')
        .values({
          message_id: messageId,
          conversation_id: owner.conversationId,
          hotel_id: owner.hotelId,
          stay_id: owner.stayId,
          kind: a.kind,
          file_name: a.fileName,
          content_type: a.contentType,
          size: a.size,
          width: a.width,
          height: a.height,
          storage_key: a.storageKey,
          thumbnail_key: a.thumbnailKey,
          created_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAttachment(row);
    },
    async find(id) {
      const row = await db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toStored(row);
    },
    async forStay(stayId) {
      const rows = await db.selectFrom('attachments').selectAll().where('stay_id', '=', stayId).orderBy('id').execute();
      return rows.map(toStored);
    },
    async deleteForStay(stayId) {
      const rows = await db.deleteFrom('attachments').where('stay_id', '=', stayId).returning('id').execute();
      return rows.length;
    },
  };
}
