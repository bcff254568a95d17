import { useState } from 'react';

export function initials(name: string | null | undefined): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = Array.from(words[0] ?? '')[0] ?? '';
  const last = words.length > 1 ? (Array.from(words[words.length - 1] ?? '')[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** A stable hue per name, so each colleague keeps their colour across screens. */
function hue(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return h;
}

interface AvatarProps {
  name: string | null | undefined;
  image?: string | null;
  size?: 'xs' | 'sm' | 'md' | 'lg';
  online?: boolean | null;
}

export function Avatar({ name, image, size = 'md', online = null }: AvatarProps) {
  const [broken, setBroken] = useState(false);
  const label = name ?? '';
  const showImage = !!image && !broken;
  return (
    <span className={`avatar avatar-${size}`} aria-hidden="true">
      {showImage ? (
        <img src={image} alt="" onError={() => setBroken(true)} />
      ) : (
        <span className="avatar-initials" style={{ background: `hsl(${hue(label)} 55% 30%)` }}>
          {initials(label)}
        </span>
      )}
      {online !== null && <span className={`presence-dot ${online ? 'on' : 'off'}`} />}
    </span>
  );
}
