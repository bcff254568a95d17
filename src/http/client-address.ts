// The caller's address as the per-address limits see it, for HTTP and WebSocket alike: the
// socket's peer, unless TRUST_PROXY names that peer as a proxy we run, in which case the nearest
// X-Forwarded-For entry our own proxies did not add.
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { Config, TrustProxy } from '../config.js';

export type TrustFunction = (address: string, hop: number) => boolean;

const compiled = new WeakMap<TrustProxy, TrustFunction>();

/** The rule Fastify's `trustProxy` and clientAddress share: which hop may be believed. */
export function trustFunction(trust: TrustProxy): TrustFunction {
  let fn = compiled.get(trust);
  if (fn) return fn;
  if (trust.kind === 'none') fn = () => false;
  else if (trust.kind === 'hops') fn = (_address, hop) => hop < trust.hops;
  else fn = proxyAddr.compile([...trust.addresses]);
  compiled.set(trust, fn);
  return fn;
}

/** The proxy-aware client address of a request (an HTTP request or a WebSocket upgrade). */
export function clientAddress(req: IncomingMessage, config: Pick<Config, 'trustProxy'>): string {
  if (config.trustProxy.kind === 'none') return normalise(req.socket.remoteAddress ?? 'unknown');
  return normalise(proxyAddr(req, trustFunction(config.trustProxy)));
}

// An IPv4 peer on a dual-stack socket shows as ::ffff:1.2.3.4; one address, one budget.
const normalise = (address: string): string => (address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address);
