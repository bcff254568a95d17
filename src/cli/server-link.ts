// The command line's way to the running server: its Pusher HTTP API, signed with the app's
// secret, like any Pusher server SDK. Events are published there, and revoked access terminates
// the person's connections there (which the server fans out to every node). Best effort: with no
// server running, the database change stands and nobody is connected to tell.
import Pusher from 'pusher';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { pusherUserOfPrincipal } from '../contract/identities.js';
import type { ConnectionCutter } from '../events/live-connections.js';
import type { EventPublisher } from '../realtime/publisher.js';

export function serverLink(config: Config, logger: Logger): EventPublisher & ConnectionCutter {
  const { appId, key, secret, external } = config.pusher;
  const local = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const pusher =
    external === null
      ? new Pusher({ appId, key, secret, host: local, port: String(config.port), useTLS: false })
      : external.host !== null
        ? new Pusher({ appId, key, secret, host: external.host, ...(external.port !== null && { port: String(external.port) }), useTLS: external.useTLS })
        : new Pusher({ appId, key, secret, cluster: external.cluster ?? 'mt1', useTLS: external.useTLS });
  let told = false;
  const unreachable = (err: unknown): void => {
    if (told) return;
    told = true;
    const reason = err instanceof Error ? err.message : String(err);
    logger.warn(`the server could not be reached (${reason}): live clients were not told`);
  };
  return {
    async publish(events) {
      for (const e of events) await pusher.trigger(e.channel, e.name, e.data).catch(unreachable);
    },
    async disconnect(principals) {
      for (const principal of principals) {
        const user = pusherUserOfPrincipal(principal);
        if (user) await pusher.terminateUserConnections(user).catch(unreachable);
      }
    },
  };
}
