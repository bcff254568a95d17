// A lean Pusher Channels protocol 7 client over `ws`, for running thousands of sockets from one
// process: connection_established, pusher:subscribe (private/presence auth given by the caller),
// ping/pong. It parses every frame as pusher-js does; the data string is left to the caller.
import { WebSocket } from 'ws';
import { now } from './clock.js';

export type FrameListener = (event: string, channel: string | undefined, data: string, arrivedMs: number) => void;

export interface SubscribeAuth {
  auth?: string;
  channel_data?: string;
}

export class BenchSocket {
  socketId = '';
  private readonly waiting = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  private closed = false;

  private constructor(private readonly ws: WebSocket, private readonly onFrame: FrameListener) {}

  /**
   * `pusher`: waits for pusher:connection_established. `raw`: a bare ws server, frames only.
   */
  static open(url: string, mode: 'pusher' | 'raw', onFrame: FrameListener, timeoutMs = 15_000): Promise<BenchSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      const socket = new BenchSocket(ws, onFrame);
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`no connection within ${timeoutMs} ms`));
      }, timeoutMs);
      const established = (): void => {
        clearTimeout(timer);
        resolve(socket);
      };
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.on('close', () => {
        socket.closed = true;
        for (const [, w] of socket.waiting) w.reject(new Error('socket closed'));
        socket.waiting.clear();
      });
      if (mode === 'raw') ws.on('open', established);
      ws.on('message', (raw: Buffer) => socket.handle(raw, established));
    });
  }

  private handle(raw: Buffer, established: () => void): void {
    const arrived = now();
    const frame = JSON.parse(raw.toString('utf8')) as { event: string; channel?: string; data?: unknown };
    const data = typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data ?? null);
    switch (frame.event) {
      case 'pusher:connection_established':
        this.socketId = String((JSON.parse(data) as { socket_id: string }).socket_id);
        established();
        return;
      case 'pusher:ping':
        this.send({ event: 'pusher:pong', data: {} });
        return;
      case 'pusher_internal:subscription_succeeded':
        this.settle(frame.channel, null);
        return;
      case 'pusher:subscription_error':
        this.settle(frame.channel, new Error(`subscription to ${frame.channel ?? '?'} refused: ${data}`));
        return;
      case 'pusher:error':
        this.onFrame(frame.event, frame.channel, data, arrived);
        return;
      default:
        this.onFrame(frame.event, frame.channel, data, arrived);
    }
  }

  private settle(channel: string | undefined, err: Error | null): void {
    const w = channel === undefined ? undefined : this.waiting.get(channel);
    if (w === undefined || channel === undefined) return;
    this.waiting.delete(channel);
    if (err === null) w.resolve();
    else w.reject(err);
  }

  subscribe(channel: string, auth: SubscribeAuth = {}, timeoutMs = 15_000): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(channel);
        reject(new Error(`no subscription_succeeded for ${channel} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(channel, {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.send({ event: 'pusher:subscribe', data: { channel, ...auth } });
    });
  }

  private send(message: object): void {
    if (!this.closed && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === WebSocket.OPEN;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 3000);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.close(1000);
    });
  }
}
