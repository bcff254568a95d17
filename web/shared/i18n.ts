// Both apps are translatable the same way: i18next with the browser's language (a choice made in
// the app's switcher wins and is remembered in localStorage), English as the fallback, and
// <html lang dir> kept in step so the browser, screen readers and CSS logical properties follow.
import i18next from 'i18next';
import type { i18n as I18n, Resource } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';

/** A language's strings: nested objects of strings (plural forms as key_one, key_other, …). */
export interface Messages {
  [key: string]: string | Messages;
}

export interface LanguageChoice {
  code: string;
  /** The language's name in itself, as a speaker looks for it in a list. */
  name: string;
}

export interface AppI18n {
  i18n: I18n;
  languages: LanguageChoice[];
  /** Switches language and remembers the choice on this device. */
  choose(code: string): Promise<void>;
}

function applyToDocument(i18n: I18n, lng: string): void {
  if (typeof document === 'undefined') return;
  const code = i18n.resolvedLanguage ?? lng;
  document.documentElement.lang = code;
  document.documentElement.dir = i18n.dir(code);
}

export function createI18n(opts: { bundles: Record<string, { name: string; messages: Messages }>; storageKey: string }): AppI18n {
  const i18n = i18next.createInstance();
  const resources: Resource = Object.fromEntries(Object.entries(opts.bundles).map(([code, b]) => [code, { translation: b.messages }]));
  i18n.use(LanguageDetector).use(initReactI18next);
  i18n.on('languageChanged', (lng) => applyToDocument(i18n, lng));
  void i18n.init({
    resources,
    supportedLngs: Object.keys(resources),
    // 'de-AT' or 'zh-CN' from the browser use 'de' and 'zh'.
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    fallbackLng: 'en',
    // The resources are bundled: ready before the first render.
    initAsync: false,
    // React escapes what it renders; escaping here too would show "&amp;" in names.
    interpolation: { escapeValue: false },
    // Only a choice made in the switcher is remembered (choose below), not the first guess.
    detection: { order: ['localStorage', 'navigator'], lookupLocalStorage: opts.storageKey, caches: [] },
  });
  applyToDocument(i18n, i18n.language);
  return {
    i18n,
    languages: Object.entries(opts.bundles).map(([code, b]) => ({ code, name: b.name })),
    async choose(code) {
      try {
        localStorage.setItem(opts.storageKey, code);
      } catch {
        // Storage disabled: the choice lasts until the tab closes.
      }
      await i18n.changeLanguage(code);
    },
  };
}
