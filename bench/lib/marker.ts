// Every bench payload carries `@@<send time>@@<key>@@` in its data, so whichever socket gets it
// can time it and say which message it was without a second JSON parse.

export function marker(t0: number, key: string): string {
  return `@@${t0.toFixed(3)}@@${key}@@`;
}

export function readMarker(data: string): { t0: number; key: string } | null {
  const a = data.indexOf('@@');
  if (a === -1) return null;
  const b = data.indexOf('@@', a + 2);
  const c = b === -1 ? -1 : data.indexOf('@@', b + 2);
  if (c === -1) return null;
  return { t0: Number(data.slice(a + 2, b)), key: data.slice(b + 2, c) };
}
