// Bounds on what one client, and all of them together, may hold on a node: connections (per
// address and in total), subscriptions per socket, members per presence channel, and how long a
// socket may stay without any subscription. Each refusal is counted and reported through a hook,
// so the composition root can turn it into a metric.

export interface SocketLimits {
  /** Connections this node accepts in total; beyond that, new ones are closed with 4100. */
  maxConnections: number;
  /** Connections from one client address (loopback exempt, see below); beyond that 4100. */
  maxConnectionsPerAddress: number;
  /** Channels one socket may be subscribed to; beyond that pusher:subscription_error LimitReached. */
  maxSubscriptionsPerSocket: number;
  /** Users in one presence channel, cluster-wide (Pusher documents 100). */
  maxPresenceMembers: number;
  /** A socket with no subscription for this long is closed with 4202. */
  idleTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<SocketLimits> = Object.freeze({
  maxConnections: 20_000,
  // A hotel's guests on its Wi-Fi share one public address: this must fit a full house.
  maxConnectionsPerAddress: 1_000,
  maxSubscriptionsPerSocket: 100,
  maxPresenceMembers: 100,
  idleTimeoutMs: 120_000,
});

export type LimitName = 'connections' | 'connections_per_address' | 'subscriptions_per_socket' | 'presence_members' | 'idle_timeout';

export const LIMIT_NAMES: readonly LimitName[] = ['connections', 'connections_per_address', 'subscriptions_per_socket', 'presence_members', 'idle_timeout'];

/** Defaults for what is not given; a value that is not a positive number keeps the default. */
export function resolveLimits(given: Partial<SocketLimits> | undefined, legacyMaxConnections?: number): SocketLimits {
  const limits: SocketLimits = { ...DEFAULT_LIMITS };
  if (legacyMaxConnections !== undefined && legacyMaxConnections > 0) limits.maxConnections = legacyMaxConnections;
  for (const name of Object.keys(DEFAULT_LIMITS) as Array<keyof SocketLimits>) {
    const value = given?.[name];
    if (typeof value === 'number' && value > 0) limits[name] = value;
  }
  return limits;
}

/** Counts of limits reached, with a hook called on each. */
export class LimitCounter {
  private readonly counts = new Map<LimitName, number>(LIMIT_NAMES.map((name) => [name, 0]));

  constructor(private readonly onReached: ((limit: LimitName) => void) | undefined) {}

  reached(limit: LimitName): void {
    this.counts.set(limit, (this.counts.get(limit) ?? 0) + 1);
    try {
      this.onReached?.(limit);
    } catch {
      // A metrics hook must never break a connection.
    }
  }

  snapshot(): Record<LimitName, number> {
    return Object.fromEntries(this.counts) as Record<LimitName, number>;
  }
}

/**
 * Open connections per client address. Loopback is not counted: a client on this machine is
 * either a tool of the operator or a reverse proxy that was not made known through
 * `clientAddress`, and in that case every visitor would share the proxy's address and the
 * per-address limit would act as a site-wide one.
 */
export class AddressCounter {
  private readonly open = new Map<string, number>();

  /** False (and nothing counted) when the address already holds `max` connections. */
  tryAdd(address: string, max: number): boolean {
    if (isLoopback(address)) return true;
    const count = this.open.get(address) ?? 0;
    if (count >= max) return false;
    this.open.set(address, count + 1);
    return true;
  }

  remove(address: string): void {
    if (isLoopback(address)) return;
    const count = (this.open.get(address) ?? 0) - 1;
    if (count <= 0) this.open.delete(address);
    else this.open.set(address, count);
  }

  count(address: string): number {
    return this.open.get(address) ?? 0;
  }
}

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
