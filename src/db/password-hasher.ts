// argon2id for passwords and PINs (the native build ships inside its npm package).
import { hash, verify } from '@node-rs/argon2';
import type { SecretHasher } from '../domain/ports.js';

export function argon2Hasher(): SecretHasher {
  return {
    hash: (secret) => hash(secret),
    async verify(stored, secret) {
      try {
        return await verify(stored, secret);
      } catch {
        return false;
      }
    },
  };
}
