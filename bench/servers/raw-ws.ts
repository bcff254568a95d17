// The bare `ws` baseline: a plain HTTP trigger and a broadcast of the frame (built and encoded
// once, as a Pusher frame) to every connected socket. No channels, auth, timers or checks:
// what this hardware does with `ws` and nothing else.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { serve } from '../lib/ipc.js';

const TEXT = { binary: false } as const;
const sockets = new Set<WebSocket>();
const http = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name: string; channel?: string; channels?: string[]; data: string };
    const channel = body.channel ?? body.channels?.[0] ?? '';
    const frame = Buffer.from(JSON.stringify({ event: body.name, channel, data: body.data }));
    for (const ws of sockets) ws.send(frame, TEXT);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
const wss = new WebSocketServer({ server: http, perMessageDeflate: false, clientTracking: false });
wss.on('connection', (ws) => {
  sockets.add(ws);
  ws.on('close', () => sockets.delete(ws));
  ws.on('error', () => undefined);
});

serve({
  async start() {
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return { port: (http.address() as AddressInfo).port };
  },
  stats: () => ({ rss: process.memoryUsage().rss, connections: sockets.size }),
  async stop() {
    for (const ws of sockets) ws.terminate();
    await new Promise((resolve) => http.close(resolve));
  },
});
