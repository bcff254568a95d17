// Errors in the guest's language: the ones a guest meets (no network, sending too fast) are
// translated; anything rarer keeps the server's English sentence rather than saying nothing.
import type { TFunction } from 'i18next';
import { ApiError } from '../shared/api.js';

export function guestErrorText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.isNetwork) return t('errors.network');
    if (err.status === 429) return t('errors.tooFast');
    if (err.status >= 500) return t('errors.generic');
    return err.message;
  }
  return t('errors.generic');
}
