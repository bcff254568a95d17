// The guest app's languages. To add one: a file in locales/ with every key of en.ts (plural
// forms as the language's CLDR categories need), and one line below (docs/guest-language.md).
import { createI18n } from '../shared/i18n.js';
import { ar } from './locales/ar.js';
import { de } from './locales/de.js';
import { en } from './locales/en.js';
import { es } from './locales/es.js';
import { fr } from './locales/fr.js';
import { it } from './locales/it.js';
import { ja } from './locales/ja.js';
import { nl } from './locales/nl.js';
import { pt } from './locales/pt.js';
import { zh } from './locales/zh.js';

export const guestBundles = {
  en: { name: 'English', messages: en },
  de: { name: 'Deutsch', messages: de },
  fr: { name: 'Français', messages: fr },
  es: { name: 'Español', messages: es },
  it: { name: 'Italiano', messages: it },
  pt: { name: 'Português', messages: pt },
  nl: { name: 'Nederlands', messages: nl },
  ja: { name: '日本語', messages: ja },
  zh: { name: '中文', messages: zh },
  ar: { name: 'العربية', messages: ar },
};

export const LANGUAGE_KEY = 'concierge.guest.language';

export const guestI18n = createI18n({ bundles: guestBundles, storageKey: LANGUAGE_KEY });
