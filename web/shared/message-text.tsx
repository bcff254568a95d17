/**
 * Message text is only ever a text node: React escapes it, so "<img onerror=…>" is shown as the
 * characters typed. CSS keeps line breaks and wraps words of any length.
 */
export function MessageText({ text }: { text: string }) {
  return <p className="msg-text">{text}</p>;
}
