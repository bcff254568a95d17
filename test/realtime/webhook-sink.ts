// A real HTTP endpoint that records the webhooks it is sent (for the webhook suites).
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sdk } from '../helpers/realtime.js';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
  events: Array<Record<string, unknown>>;
  /** As the official SDK's webhook check sees it. */
  valid: boolean;
}

export class WebhookSink {
  readonly received: ReceivedWebhook[] = [];
  /** Requests answered with these statuses first, in order; then 200. */
  failFirst: number[] = [];
  /** While true, requests are held open unanswered. */
  hang = false;
  attempts = 0;
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.attempts += 1;
        if (this.hang) return;
        const status = this.failFirst.shift();
        if (status !== undefined) {
          res.writeHead(status).end();
          return;
        }
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const headers = req.headers;
        const webhook = sdk({ port: 1 }).webhook({ headers: headers as Record<string, string>, rawBody });
        const valid = webhook.isValid();
        const events = valid ? (webhook.getEvents() as unknown as Array<Record<string, unknown>>) : [];
        this.received.push({ headers, rawBody, events, valid });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pusher/webhooks`;
    return this;
  }

  events(): Array<Record<string, unknown>> {
    return this.received.flatMap((r) => r.events);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
