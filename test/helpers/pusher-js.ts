// pusher-js (its Node build) for tests: the class, and a release that lets test processes exit.
import PusherImport from 'pusher-js';

// pusher-js is CommonJS: TypeScript (NodeNext) types the default import as the module object,
// while Node hands us `module.exports`, the class itself.
type PusherClass = typeof PusherImport.default;
export type PusherClient = InstanceType<PusherClass>;
export const Pusher: PusherClass = typeof (PusherImport as unknown) === 'function' ? (PusherImport as unknown as PusherClass) : PusherImport.default;

interface FayeSocket {
  _closeTimer?: NodeJS.Timeout;
}
const transportsOf = new WeakMap<PusherClient, Set<FayeSocket>>();

/**
 * pusher-js closes a transport the server already closed (after a 4000-4099 code), and the Node
 * build's faye-websocket then arms a 30 s timer nobody clears, which keeps a test process alive.
 * Tracking each client's sockets lets release() clear that timer.
 */
export function trackTransports(client: PusherClient): PusherClient {
  const sockets = new Set<FayeSocket>();
  transportsOf.set(client, sockets);
  client.connection.bind('connected', () => {
    const socket = (client.connection as unknown as { connection?: { transport?: { socket?: FayeSocket } } }).connection?.transport?.socket;
    if (socket) sockets.add(socket);
  });
  return client;
}

export function release(client: PusherClient): void {
  client.disconnect();
  for (const socket of transportsOf.get(client) ?? []) clearTimeout(socket._closeTimer);
}
