// Message text is only ever text: React escapes it, so "<img onerror=…>" is shown as the
// characters typed. Web addresses, e-mail and phone links in it become links, and only those:
// the scheme is one of LINK_SCHEMES (never javascript:, data: or anything else), the address is
// parsed by URL before it becomes an href, and the link opens apart from the app
// (rel="noopener noreferrer": the opened page gets no handle on this one, nor our address).
// CSS keeps line breaks and wraps words of any length.
import type { ReactNode } from 'react';

export const LINK_SCHEMES = ['http:', 'https:', 'mailto:', 'tel:'] as const;

const CANDIDATE = /\b(?:https?:\/\/[^\s<>"'`]+|mailto:[^\s<>"'`]+@[^\s<>"'`]+|tel:\+?[0-9][0-9().-]{2,30})/gi;
const TRAILING = /[.,;:!?'"»”’]+$/;

/** The link a piece of text stands for, or null when it is not one we make clickable. */
export function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    if (!(LINK_SCHEMES as readonly string[]).includes(url.protocol)) return null;
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '') return null;
    return url.href;
  } catch {
    return null;
  }
}

/** Drops what usually ends a sentence rather than the address ("see https://x.org."). */
function trimmed(raw: string): string {
  let s = raw.replace(TRAILING, '');
  // A closing bracket belongs to the address only when the address opened one.
  while (s.endsWith(')') && (s.match(/\(/g)?.length ?? 0) < (s.match(/\)/g)?.length ?? 0)) s = s.slice(0, -1).replace(TRAILING, '');
  return s;
}

export function linkify(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const raw = trimmed(match[0]);
    const href = safeHref(raw);
    if (href === null) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <a key={start} href={href} target="_blank" rel="noopener noreferrer" className="msg-link">
        {raw}
      </a>,
    );
    at = start + raw.length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

export function MessageText({ text }: { text: string }) {
  // dir="auto": each message runs in its own script's direction, whatever the app's language.
  return (
    <p className="msg-text" dir="auto">
      {linkify(text)}
    </p>
  );
}
