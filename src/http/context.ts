// What every route plugin receives. Its own module, so app.ts imports the routes and the routes
// import only this: no circle between them.
import type { Config } from '../config.js';
import type { Deps } from '../domain/ports.js';
import type { Dispatcher } from '../events/dispatcher.js';

/** What the realtime side offers the HTTP routes. */
export interface RealtimeAccess {
  signChannel(socketId: string, channel: string, channelData?: string): { auth: string; channel_data?: string };
  signUser(socketId: string, userData: string): { auth: string; user_data: string };
  /** False when the socket is already another person's: the caller must refuse. */
  registerSocketPrincipals(socketId: string, principals: string[]): Promise<boolean>;
  /** Ends every live connection registered under one of these principals, on every node. */
  disconnect(principals: readonly string[]): Promise<void>;
  health(): { redis: 'up' | 'down' | 'disabled' };
}

export interface RouteContext {
  deps: Deps;
  config: Config;
  realtime: RealtimeAccess;
  dispatcher: Dispatcher;
}
