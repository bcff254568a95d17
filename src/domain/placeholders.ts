// Placeholders in quick replies and the automatic reply ({guest_first_name}, {wifi_password}, …)
// and the choice of a text by language. An unknown placeholder, or one without a value here,
// stays in the text as written: staff see it and fix it, never a silent blank.
import { AppError } from './errors.js';
import { canonicalLanguage } from './guest-entry.js';

/** Filled from the conversation and the staff member; the hotel's own values cannot take these names. */
export const BUILT_IN_PLACEHOLDERS = ['guest_first_name', 'guest_name', 'room', 'staff_first_name', 'staff_name', 'hotel_name', 'opens_at', 'emergency_number'] as const;

const PLACEHOLDER = /\{([a-z][a-z0-9_]{0,39})\}/g;
export const PLACEHOLDER_NAME = /^[a-z][a-z0-9_]{0,39}$/;

export interface Filled {
  text: string;
  /** Placeholders left as written: unknown, or without a value. */
  unfilled: string[];
}

export function fillPlaceholders(template: string, values: Readonly<Record<string, string | null | undefined>>): Filled {
  const unfilled = new Set<string>();
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    const v = Object.hasOwn(values, name) ? values[name] : undefined;
    if (v === undefined || v === null || v === '') {
      unfilled.add(name);
      return whole;
    }
    return v;
  });
  return { text, unfilled: [...unfilled] };
}

const primary = (tag: string): string => tag.split('-')[0]!.toLowerCase();

/**
 * The text for the first language wanted that has one (exactly, or by its primary language:
 * 'de-AT' takes 'de', 'de' takes 'de-DE'), else any text. undefined when there are none.
 */
export function pickText(texts: Readonly<Record<string, string>>, wanted: ReadonlyArray<string | null | undefined>): { language: string; text: string } | undefined {
  const keys = Object.keys(texts);
  for (const w of wanted) {
    if (!w) continue;
    const key = keys.find((k) => k.toLowerCase() === w.toLowerCase()) ?? keys.find((k) => k.toLowerCase() === primary(w)) ?? keys.find((k) => primary(k) === primary(w));
    if (key !== undefined) return { language: key, text: texts[key]! };
  }
  const first = keys[0];
  return first === undefined ? undefined : { language: first, text: texts[first]! };
}

/** Texts per language, checked: language tags in canonical form, 1–maxLength characters each. */
export function checkTexts(texts: Readonly<Record<string, string>>, what: string, opts: { maxLength: number; min: number }): Record<string, string> {
  const entries = Object.entries(texts);
  if (entries.length < opts.min || entries.length > 20) throw new AppError('invalid_request', `${what} needs ${opts.min}–20 languages.`);
  const out: Record<string, string> = {};
  for (const [tag, raw] of entries) {
    const language = canonicalLanguage(tag);
    const text = plainText(raw, `${what} (${language})`, opts.maxLength);
    if (text === '') throw new AppError('invalid_request', `${what} (${language}) is empty.`);
    if (Object.hasOwn(out, language)) throw new AppError('invalid_request', `${what} has "${language}" twice.`);
    out[language] = text;
  }
  return out;
}

/** Trimmed text without NUL, at most maxLength characters. */
export function plainText(raw: string, what: string, maxLength: number): string {
  const text = raw.trim();
  if (text.includes('\u0000')) throw new AppError('invalid_request', `${what} contains a NUL character (U+0000).`);
  if (text.length > maxLength) throw new AppError('invalid_request', `${what} is longer than ${maxLength} characters.`);
  return text.toWellFormed();
}
