// Photos and files: the attachment a message may carry, and the upload's parameters (docs/files.md).
import { Type } from 'typebox';
import { ATTACHMENT_KINDS } from '../../domain/ports.js';

const OrNull = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

export const AttachmentKind = Type.Enum(ATTACHMENT_KINDS);

export const Attachment = Type.Object(
  {
    id: Type.Integer(),
    kind: AttachmentKind,
    file_name: Type.String(),
    content_type: Type.String(),
    size: Type.Integer({ description: 'Bytes of the stored file (an image as re-encoded)' }),
    width: OrNull(Type.Integer()),
    height: OrNull(Type.Integer()),
    url: OrNull(
      Type.String({
        description:
          'Signed for the viewer who asked, relative to the server; null in realtime payloads (one payload, many viewers): ask GET /chat/{hotel_slug}/attachments/{attachment_id}/',
      }),
    ),
    thumbnail_url: OrNull(Type.String({ description: 'Images only; signed like url' })),
    expires_at: OrNull(Type.String({ format: 'date-time', description: 'When url and thumbnail_url stop working' })),
  },
  {},
);

export const UploadQuery = Type.Object({
  file_name: Type.Optional(Type.String({ maxLength: 255, description: 'The name the file had on the device' })),
  caption: Type.Optional(Type.String({ maxLength: 4000, description: 'Text sent with the file (the message text)' })),
  client_message_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Makes a retried upload safe: the same id answers with the first' })),
});

export const AttachmentParams = Type.Object({
  hotel_slug: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 60 }),
  attachment_id: Type.Integer({ minimum: 1, maximum: 2147483647 }),
});

export const FileParams = Type.Object({
  attachment_id: Type.Integer({ minimum: 1, maximum: 2147483647 }),
  variant: Type.Union([Type.Literal('full'), Type.Literal('thumbnail')]),
});

export const FileQuery = Type.Object({
  viewer: Type.Optional(Type.String({ maxLength: 100 })),
  expires: Type.Optional(Type.String({ maxLength: 20 })),
  sig: Type.Optional(Type.String({ maxLength: 100 })),
});
