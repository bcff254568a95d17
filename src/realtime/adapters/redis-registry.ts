// Cluster state in Redis, kept by each node for its own sockets:
//   {p}nodes               zset   node → last heartbeat (ms, Redis clock)
//   {p}chans               set    occupied channels
//   {p}subs:{channel}      hash   node → subscriber count on that node
//   {p}pres:{channel}      hash   user → number of nodes where the user is present
//   {p}presinfo:{channel}  hash   user → user_info JSON
//   {p}node:{id}:chans     set    channels this node counts in
//   {p}node:{id}:pres      set    "channel\nuser" this node holds
//   {p}sock:{socket}       string the person a socket is bound to (by /pusher/auth/), 24 h
//   {p}cache:{channel}     string last event of a cache channel, 30 min
// Every change is one Lua script, so "first join" and "last leave" are decided atomically, and a
// dead node's share is removed by whichever survivor runs `reap` first.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isPresenceChannel } from '../channel-name.js';
import type { ChannelCounts, Member } from './adapter.js';

const NOW_MS = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

const LEAVE_BODY = `
local function leave(p, node, ch, user)
  if redis.call('SREM', p .. 'node:' .. node .. ':pres', ch .. '\\n' .. user) == 0 then return nil end
  if redis.call('HINCRBY', p .. 'pres:' .. ch, user, -1) > 0 then return nil end
  local info = redis.call('HGET', p .. 'presinfo:' .. ch, user)
  redis.call('HDEL', p .. 'pres:' .. ch, user)
  redis.call('HDEL', p .. 'presinfo:' .. ch, user)
  return info or 'null'
end`;

// Answers 1 when the channel became occupied cluster-wide, -1 when it became vacant, else 0.
const SET_SUBS_BODY = `
local function setsubs(p, node, ch, count)
  if count > 0 then
    redis.call('HSET', p .. 'subs:' .. ch, node, count)
    redis.call('SADD', p .. 'node:' .. node .. ':chans', ch)
    return redis.call('SADD', p .. 'chans', ch)
  else
    redis.call('HDEL', p .. 'subs:' .. ch, node)
    redis.call('SREM', p .. 'node:' .. node .. ':chans', ch)
    if redis.call('HLEN', p .. 'subs:' .. ch) == 0 then return -redis.call('SREM', p .. 'chans', ch) end
    return 0
  end
end`;

const COUNTS_BODY = `
local function counts(p, ch)
  local total = 0
  for _, v in ipairs(redis.call('HVALS', p .. 'subs:' .. ch)) do total = total + tonumber(v) end
  return {ch, total, redis.call('HLEN', p .. 'pres:' .. ch)}
end`;

const LUA = {
  /** ARGV: prefix, node → 1 if the node was already registered (0: new, or reaped meanwhile). */
  heartbeat: `${NOW_MS}
local known = redis.call('ZSCORE', ARGV[1] .. 'nodes', ARGV[2])
redis.call('ZADD', ARGV[1] .. 'nodes', now, ARGV[2])
if known then return 1 else return 0 end`,
  /** ARGV: prefix, deadAfterMs → nodes silent for longer. */
  deadNodes: `${NOW_MS}
return redis.call('ZRANGEBYSCORE', ARGV[1] .. 'nodes', '-inf', now - tonumber(ARGV[2]))`,
  /** ARGV: prefix, node → {flat list channel, user, info of members that node was the last holder of, vacated channels}. */
  reap: `${LEAVE_BODY}
${SET_SUBS_BODY}
local p, node = ARGV[1], ARGV[2]
local removed = {}
for _, entry in ipairs(redis.call('SMEMBERS', p .. 'node:' .. node .. ':pres')) do
  local at = string.find(entry, '\\n', 1, true)
  local ch, user = string.sub(entry, 1, at - 1), string.sub(entry, at + 1)
  local info = leave(p, node, ch, user)
  if info then table.insert(removed, ch) table.insert(removed, user) table.insert(removed, info) end
end
local vacated = {}
for _, ch in ipairs(redis.call('SMEMBERS', p .. 'node:' .. node .. ':chans')) do
  if setsubs(p, node, ch, 0) == -1 then table.insert(vacated, ch) end
end
redis.call('DEL', p .. 'node:' .. node .. ':pres', p .. 'node:' .. node .. ':chans')
redis.call('ZREM', p .. 'nodes', node)
return {removed, vacated}`,
  /** ARGV: prefix, node, channel, count → 1 occupied, -1 vacated, 0 neither */
  setSubscriptions: `${SET_SUBS_BODY}
return setsubs(ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]))`,
  /** ARGV: prefix, node, channel, user, info, max members (0: none) → {first (1/0, -1: full), flat member hash} */
  join: `local p, node, ch, user, limit = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[6])
if limit > 0 and redis.call('HEXISTS', p .. 'pres:' .. ch, user) == 0 and redis.call('HLEN', p .. 'pres:' .. ch) >= limit then
  return {-1, {}}
end
local first = 0
if redis.call('SADD', p .. 'node:' .. node .. ':pres', ch .. '\\n' .. user) == 1 then
  if redis.call('HINCRBY', p .. 'pres:' .. ch, user, 1) == 1 then first = 1 end
end
redis.call('HSET', p .. 'presinfo:' .. ch, user, ARGV[5])
return {first, redis.call('HGETALL', p .. 'presinfo:' .. ch)}`,
  /** ARGV: prefix, node, channel, user → info JSON if that was the user's last node, else nil */
  leave: `${LEAVE_BODY}
return leave(ARGV[1], ARGV[2], ARGV[3], ARGV[4])`,
  /** ARGV: prefix, channel prefix → flat list channel, subscriptions, users */
  channels: `${COUNTS_BODY}
local out = {}
for _, ch in ipairs(redis.call('SMEMBERS', ARGV[1] .. 'chans')) do
  if string.sub(ch, 1, #ARGV[2]) == ARGV[2] then
    for _, v in ipairs(counts(ARGV[1], ch)) do table.insert(out, v) end
  end
end
return out`,
  /** ARGV: prefix, channel → {channel, subscriptions, users} */
  channel: `${COUNTS_BODY}
return counts(ARGV[1], ARGV[2])`,
  /** ARGV: prefix, socket, person, ttl seconds → 1 when the socket is (now) bound to that person, 0 when to another */
  claimSocket: `local key = ARGV[1] .. 'sock:' .. ARGV[2]
local bound = redis.call('GET', key)
if bound and bound ~= ARGV[3] then return 0 end
redis.call('SET', key, ARGV[3], 'EX', tonumber(ARGV[4]))
return 1`,
} as const;

/** A binding outlives any reasonable socket; the node holding the socket removes it on close. */
const SOCKET_BINDING_TTL_S = 24 * 60 * 60;

type ScriptName = keyof typeof LUA;
const SHA = Object.fromEntries(Object.entries(LUA).map(([name, lua]) => [name, createHash('sha1').update(lua).digest('hex')])) as Record<ScriptName, string>;

export interface RemovedMember {
  channel: string;
  userId: string;
  info: unknown;
}

export class ClusterRegistry {
  constructor(private readonly redis: Redis, private readonly prefix: string, readonly node: string) {}

  /** Loaded on every (re)connection, so later EVALSHA calls keep their order. */
  async loadScripts(): Promise<void> {
    await Promise.all(Object.values(LUA).map((lua) => this.redis.script('LOAD', lua)));
  }

  private async run(name: ScriptName, ...args: Array<string | number>): Promise<unknown> {
    try {
      return await this.redis.evalsha(SHA[name], 0, this.prefix, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return this.redis.eval(LUA[name], 0, this.prefix, ...args);
    }
  }

  async heartbeat(): Promise<boolean> {
    return (await this.run('heartbeat', this.node)) === 1;
  }

  async deadNodes(deadAfterMs: number): Promise<string[]> {
    return strings(await this.run('deadNodes', deadAfterMs)).filter((node) => node !== this.node);
  }

  /** Removes a node's share: the members it was the last holder of, and the channels left vacant. */
  async reap(node: string): Promise<{ removed: RemovedMember[]; vacated: string[] }> {
    const reply = await this.run('reap', node);
    const [members, vacated] = Array.isArray(reply) ? reply : [[], []];
    const flat = strings(members);
    const removed: RemovedMember[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) {
      removed.push({ channel: flat[i] ?? '', userId: flat[i + 1] ?? '', info: parseInfo(flat[i + 2]) });
    }
    return { removed, vacated: strings(vacated) };
  }

  /** Whether the channel became occupied or vacant cluster-wide with this change. */
  async setSubscriptions(channel: string, count: number): Promise<'occupied' | 'vacated' | null> {
    const reply = Number(await this.run('setSubscriptions', this.node, channel, count));
    return reply === 1 ? 'occupied' : reply === -1 ? 'vacated' : null;
  }

  /** `full` when the user is new and the channel already has `maxMembers` (0: no limit). */
  async join(channel: string, member: Member, maxMembers = 0): Promise<{ full: boolean; first: boolean; members: Member[] }> {
    const reply = await this.run('join', this.node, channel, member.id, JSON.stringify(member.info ?? null), maxMembers);
    const [first, hash] = Array.isArray(reply) ? reply : [0, []];
    return { full: first === -1, first: first === 1, members: membersOf(strings(hash)) };
  }

  /** Binds a socket to a person unless it is bound to another; true when bound to this one. */
  async claimSocket(socketId: string, person: string): Promise<boolean> {
    return (await this.run('claimSocket', socketId, person, SOCKET_BINDING_TTL_S)) === 1;
  }

  async releaseSocket(socketId: string): Promise<void> {
    await this.redis.del(`${this.prefix}sock:${socketId}`);
  }

  async setCached(channel: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(`${this.prefix}cache:${channel}`, value, 'PX', ttlMs);
  }

  async cached(channel: string): Promise<string | null> {
    return this.redis.get(`${this.prefix}cache:${channel}`);
  }

  /** The user's info when this was its last node, else null. */
  async leave(channel: string, userId: string): Promise<{ info: unknown } | null> {
    const reply = await this.run('leave', this.node, channel, userId);
    return typeof reply === 'string' ? { info: parseInfo(reply) } : null;
  }

  async members(channel: string): Promise<Member[]> {
    return membersOf(strings(await this.redis.hgetall(`${this.prefix}presinfo:${channel}`).then(flatten)));
  }

  async isMember(channel: string, userId: string): Promise<boolean> {
    return (await this.redis.hexists(`${this.prefix}pres:${channel}`, userId)) === 1;
  }

  async channels(prefix: string): Promise<Map<string, ChannelCounts>> {
    const flat = await this.run('channels', prefix);
    const result = new Map<string, ChannelCounts>();
    const values = Array.isArray(flat) ? flat : [];
    for (let i = 0; i + 2 < values.length; i += 3) {
      const channel = String(values[i]);
      result.set(channel, counts(channel, values[i + 1], values[i + 2]));
    }
    return result;
  }

  async channelCounts(channel: string): Promise<ChannelCounts> {
    const reply = await this.run('channel', channel);
    const values = Array.isArray(reply) ? reply : [];
    return counts(channel, values[1], values[2]);
  }

  /** What Redis believes this node holds (to diff against the node's real state). */
  async ownState(): Promise<{ channels: string[]; presence: Array<{ channel: string; userId: string }> }> {
    const [channels, entries] = await Promise.all([
      this.redis.smembers(`${this.prefix}node:${this.node}:chans`),
      this.redis.smembers(`${this.prefix}node:${this.node}:pres`),
    ]);
    const presence = entries.map((entry) => {
      const at = entry.indexOf('\n');
      return { channel: entry.slice(0, at), userId: entry.slice(at + 1) };
    });
    return { channels, presence };
  }
}

function strings(reply: unknown): string[] {
  return Array.isArray(reply) ? reply.map(String) : [];
}

function flatten(hash: Record<string, string>): string[] {
  return Object.entries(hash).flat();
}

function membersOf(flat: string[]): Member[] {
  const members: Member[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) members.push({ id: flat[i] ?? '', info: parseInfo(flat[i + 1]) });
  return members;
}

function parseInfo(json: string | undefined): unknown {
  if (json === undefined) return null;
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

function counts(channel: string, subscriptions: unknown, users: unknown): ChannelCounts {
  const subscriptionCount = Number(subscriptions) || 0;
  return isPresenceChannel(channel) ? { subscriptionCount, userCount: Number(users) || 0 } : { subscriptionCount };
}
