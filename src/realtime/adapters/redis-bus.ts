// Messages between nodes on the Redis pub/sub channel.
//   E\norigin\nexcept\nuserIdJson\neventJson\nchannelsJson\ndataJson
//     an event: the JSON literals are reused as they are, so a receiving node builds its frames
//     without parsing or re-serialising the data (a JSON literal holds no raw newline)
//   P\n{"o","s","p","i"}  tag socket s with principals p, unless it is bound to a person other than i
//   D\n{"o","p","c","r"}  close the sockets of principal p with code c and reason r

export interface BusEvent {
  origin: string;
  except: string | undefined;
  userIdJson: string | undefined;
  eventJson: string;
  channels: string[];
  dataJson: string;
}

export type BusControl =
  | { kind: 'principals'; origin: string; socketId: string; principals: string[]; identity?: string }
  | { kind: 'disconnect'; origin: string; principal: string; code: number; reason: string };

export function encodeEvent(origin: string, channels: readonly string[], eventJson: string, dataJson: string, except?: string, userIdJson?: string): string {
  return `E\n${origin}\n${except ?? ''}\n${userIdJson ?? ''}\n${eventJson}\n${JSON.stringify(channels)}\n${dataJson}`;
}

export function encodePrincipals(origin: string, socketId: string, principals: readonly string[], identity?: string): string {
  return `P\n${JSON.stringify({ o: origin, s: socketId, p: principals, i: identity })}`;
}

export function encodeDisconnect(origin: string, principal: string, code: number, reason: string): string {
  return `D\n${JSON.stringify({ o: origin, p: principal, c: code, r: reason })}`;
}

/** Null for anything that is not a well-formed bus message. */
export function decode(message: string): BusEvent | BusControl | null {
  if (message.startsWith('E\n')) return decodeEvent(message);
  if (!message.startsWith('P\n') && !message.startsWith('D\n')) return null;
  const body: unknown = JSON.parse(message.slice(2));
  if (typeof body !== 'object' || body === null) return null;
  const { o, s, p, c, r, i } = body as Record<string, unknown>;
  if (typeof o !== 'string') return null;
  if (message[0] === 'P' && typeof s === 'string' && Array.isArray(p)) {
    return { kind: 'principals', origin: o, socketId: s, principals: p.map(String), ...(typeof i === 'string' && { identity: i }) };
  }
  if (message[0] === 'D' && typeof p === 'string' && typeof c === 'number') {
    return { kind: 'disconnect', origin: o, principal: p, code: c, reason: String(r) };
  }
  return null;
}

function decodeEvent(text: string): BusEvent | null {
  const lines: string[] = [];
  let from = 0;
  for (let i = 0; i < 6; i += 1) {
    const at = text.indexOf('\n', from);
    if (at === -1) return null;
    lines.push(text.slice(from, at));
    from = at + 1;
  }
  const [, origin = '', except = '', userIdJson = '', eventJson = '', channelsJson = '[]'] = lines;
  const channels: unknown = JSON.parse(channelsJson);
  if (!Array.isArray(channels) || !eventJson.startsWith('"')) return null;
  return {
    origin,
    except: except === '' ? undefined : except,
    userIdJson: userIdJson === '' ? undefined : userIdJson,
    eventJson,
    channels: channels.map(String),
    dataJson: text.slice(from),
  };
}
