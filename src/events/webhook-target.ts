// Where a hotel's webhook may point. A manager types the URL, and the server then sends requests
// to it: without this check a webhook could reach the server's own network (its database, a
// cloud metadata address). Private, loopback and link-local addresses are refused unless the
// operator allows them (WEBHOOKS_ALLOW_PRIVATE_URLS, for an on-premises receiver and for tests).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const privateRanges = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3]] as const) {
  privateRanges.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) privateRanges.addSubnet(net, prefix, 'ipv6');

function isPrivate(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPrivate(mapped);
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  return privateRanges.check(address, family);
}

/** Why this URL may not be called, or null when it may. */
export async function refusedTarget(url: string, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return `the host ${host} could not be resolved`;
  }
  const bad = addresses.find(isPrivate);
  return bad === undefined ? null : `the host ${host} is a private, loopback or link-local address (${bad}); set WEBHOOKS_ALLOW_PRIVATE_URLS=true to allow it`;
}
