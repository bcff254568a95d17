// The staff app's translations: English shipped; more languages are one more bundle each.
import { createI18n } from './i18n.js';
import { staffEn } from './locales/staff-en.js';

export const staffI18n = createI18n({ bundles: { en: { name: 'English', messages: staffEn } }, storageKey: 'concierge.staff.language' });
