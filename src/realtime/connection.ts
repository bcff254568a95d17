import { randomInt } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { LocalSocket } from './adapters/adapter.js';
import { EncodedFrame } from './frame.js';
import { Limits, RateLimiter } from './limits.js';
import type { Logger } from './logger.js';
import { CloseCode, controlFrame, errorFrame } from './protocol.js';

const TEXT = { binary: false } as const;
const PING = controlFrame('pusher:ping', {});
/** A peer that never completes the closing handshake is cut off after this. */
const CLOSE_GRACE_MS = 2000;

export interface ConnectionOptions {
  activityTimeoutMs: number;
  pongTimeoutMs: number;
  clientEventsPerSecond: number;
  /** A socket with no subscription is closed (4202) after this long; answering pings does not count. */
  unsubscribedTimeoutMs: number;
  /** Told when that happens, to count it. */
  onUnsubscribedTimeout(): void;
  logger: Logger;
}

/** Pusher socket ids are two integers: `\d+\.\d+`. Random, so they are unique across nodes. */
export function newSocketId(): string {
  return `${randomInt(1, 2 ** 47)}.${randomInt(1, 2 ** 47)}`;
}

/**
 * One client connection: its sends, its activity timers and what it has joined. Work on a
 * connection (subscribe, unsubscribe, cleanup) runs in arrival order through `run`.
 */
export class Connection implements LocalSocket {
  readonly id = newSocketId();
  /** Channels subscribed or being subscribed. */
  readonly channels = new Set<string>();
  /** Presence channel → the user id this socket joined it as. */
  readonly presenceUsers = new Map<string, string>();
  /** Set by pusher:signin. */
  userId: string | null = null;
  readonly clientEvents: RateLimiter;
  private closing = false;
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private readonly idleTimer: NodeJS.Timeout;
  private pongTimer: NodeJS.Timeout | null = null;
  private unsubscribedTimer: NodeJS.Timeout | null = null;

  /**
   * `socket` is the one the upgrade handed to ws. Published frames are written to it directly:
   * ws writes its own frames straight to that socket too and, with compression off, never holds
   * one back, so each frame keeps its place in the stream.
   */
  constructor(private readonly ws: WebSocket, private readonly options: ConnectionOptions, private readonly socket: Duplex | null = null) {
    this.clientEvents = new RateLimiter(options.clientEventsPerSecond);
    this.idleTimer = setTimeout(() => this.onIdle(), options.activityTimeoutMs);
    this.idleTimer.unref();
    this.subscriptionsChanged();
  }

  /**
   * Called whenever `channels` changes: a socket without any subscription gets a deadline, so one
   * that only answers pings cannot hold a connection for ever.
   */
  subscriptionsChanged(): void {
    if (this.channels.size > 0) {
      if (this.unsubscribedTimer !== null) clearTimeout(this.unsubscribedTimer);
      this.unsubscribedTimer = null;
    } else if (this.unsubscribedTimer === null && !this.closing) {
      this.unsubscribedTimer = setTimeout(() => {
        this.unsubscribedTimer = null;
        if (this.channels.size > 0 || !this.isOpen) return;
        this.options.onUnsubscribedTimeout();
        this.close(CloseCode.closedAfterInactivity, 'Closed after inactivity: no subscription');
      }, this.options.unsubscribedTimeoutMs);
      this.unsubscribedTimer.unref();
    }
  }

  get isOpen(): boolean {
    return !this.closing && this.ws.readyState === WebSocket.OPEN;
  }

  sendFrame(frame: EncodedFrame | Buffer | string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > Limits.maxBufferedBytes) {
      this.close(CloseCode.overCapacity, 'Client is not reading its messages');
      return;
    }
    if (!(frame instanceof EncodedFrame)) this.ws.send(frame, TEXT);
    else if (this.socket !== null && this.socket.writable) this.socket.write(frame.wire);
    else this.ws.send(frame.payload, TEXT);
  }

  sendError(code: number | null, message: string): void {
    this.sendFrame(errorFrame(code, message));
  }

  /** Sends pusher:error with the code, then closes with it: pusher-js acts on the close code. */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.sendError(code, reason);
    this.ws.close(code, reason.slice(0, 120));
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  /** Any message from the client shows it is alive. */
  touch(): void {
    this.idleTimer.refresh();
    if (this.pongTimer !== null) {
      clearTimeout(this.pongTimer);
      this.pongTimer = null;
    }
  }

  /** Queues work behind earlier work of this connection; errors are logged, never thrown. */
  run(task: () => void | Promise<void>): Promise<void> {
    if (this.pending === 0) {
      let result: void | Promise<void>;
      try {
        result = task();
      } catch (err) {
        this.options.logger.error({ err, socketId: this.id }, 'realtime: message handling failed');
        return this.tail;
      }
      if (result === undefined) return this.tail;
      return this.track(result);
    }
    return this.track(this.tail.then(task));
  }

  private track(work: Promise<void>): Promise<void> {
    this.pending += 1;
    const done = work
      .catch((err: unknown) => this.options.logger.error({ err, socketId: this.id }, 'realtime: message handling failed'))
      .finally(() => {
        this.pending -= 1;
      });
    this.tail = done;
    return done;
  }

  stopTimers(): void {
    clearTimeout(this.idleTimer);
    if (this.unsubscribedTimer !== null) clearTimeout(this.unsubscribedTimer);
    this.unsubscribedTimer = null;
    if (this.pongTimer !== null) clearTimeout(this.pongTimer);
    this.pongTimer = null;
  }

  /** Pusher: after activity_timeout of silence the server pings, and gives up if no pong follows. */
  private onIdle(): void {
    if (!this.isOpen || this.pongTimer !== null) return;
    this.sendFrame(PING);
    this.pongTimer = setTimeout(() => this.close(CloseCode.pongNotReceived, 'Pong reply not received'), this.options.pongTimeoutMs);
    this.pongTimer.unref();
  }
}
