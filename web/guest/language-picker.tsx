// The guest's language switcher: every language in its own name; the choice is remembered.
import { useTranslation } from 'react-i18next';
import { guestI18n } from './i18n.js';

export function LanguagePicker({ tone = 'light' }: { tone?: 'light' | 'dark' }) {
  const { t, i18n } = useTranslation();
  const current = i18n.resolvedLanguage ?? 'en';
  return (
    <div className={`language-picker ${tone}`}>
      <label htmlFor="guest-language" className="visually-hidden">
        {t('language')}
      </label>
      <span aria-hidden="true" className="language-icon">
        🌐
      </span>
      <select id="guest-language" value={current} onChange={(e) => void guestI18n.choose(e.target.value)}>
        {guestI18n.languages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
