// Web push: subscribing a browser, and what a push message carries (encrypted for that browser).
import { Type } from 'typebox';

/** A browser's PushSubscription.toJSON(), as the Push API hands it to the page. */
export const PushSubscriptionBody = Type.Object(
  {
    endpoint: Type.String({ minLength: 1, maxLength: 2048, description: 'The push service URL of this browser (https)' }),
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()], { description: 'Ignored (browsers send null)' })),
    keys: Type.Object(
      {
        p256dh: Type.String({ minLength: 1, maxLength: 128, description: "The browser's P-256 public key, base64url (65 bytes)" }),
        auth: Type.String({ minLength: 1, maxLength: 64, description: 'The auth secret, base64url (16 bytes)' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const PushUnsubscribeBody = Type.Object({ endpoint: Type.String({ minLength: 1, maxLength: 2048 }) }, { additionalProperties: false });

export const PushPublicKeyReply = Type.Object({
  public_key: Type.String({ description: 'The VAPID application server key (base64url): pass it to pushManager.subscribe' }),
  service_worker: Type.String({ description: 'The service worker script that shows the notifications' }),
});

export const PushSubscribeReply = Type.Object({ subscribed: Type.Literal(true) });
export const PushUnsubscribeReply = Type.Object({ removed: Type.Boolean({ description: 'False when this caller had no such subscription' }) });

/**
 * What one push message carries, as JSON, encrypted (aes128gcm) for the browser: only what the
 * notification shows and the page a click opens.
 */
export const PushNotification = Type.Object({
  title: Type.String({ description: '"Room 101", "Mike Thompson replied", "Room 101 is waiting for a reply"' }),
  body: Type.String({ description: 'At most the first 100 characters of the message, or the wait' }),
  url: Type.String({ description: 'The page a click opens: /staff/conversations/{id} or /guest/{hotel}/{room}' }),
  tag: Type.String({ description: 'Notifications with the same tag replace each other (one per conversation)' }),
});
