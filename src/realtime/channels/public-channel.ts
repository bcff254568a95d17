import type { Connection } from '../connection.js';
import type { ChannelDeps, ChannelType, JoinResult, SubscribeRequest } from './channel.js';

/** Anyone may subscribe; clients may not send events on it. */
export class PublicChannel implements ChannelType {
  readonly allowsClientEvents: boolean = false;

  constructor(protected readonly deps: ChannelDeps) {}

  async join(conn: Connection, channel: string, _request: SubscribeRequest): Promise<JoinResult> {
    await this.deps.adapter.subscribe(conn, channel);
    return { ok: true, data: '{}' };
  }

  async leave(conn: Connection, channel: string): Promise<void> {
    await this.deps.adapter.unsubscribe(conn, channel);
  }
}
