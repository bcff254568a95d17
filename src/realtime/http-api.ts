// The Pusher HTTP API (what the official server SDKs call), as an encapsulated Fastify plugin.
// It parses bodies itself: the signature covers the exact bytes (body_md5).
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import type { ErrorCode } from '../domain/errors.js';
import { channelNameProblem, eventNameProblem, isPresenceChannel } from './channel-name.js';
import { verifyApiRequest } from './http-api-auth.js';
import * as S from './http-api-schemas.js';
import { Limits } from './limits.js';
import type { RealtimeServer } from './server.js';

export interface PusherHttpApiOptions {
  realtime: RealtimeServer;
  appId: string;
  key: string;
  secret: string;
}

type Attributes = { subscription_count?: number; user_count?: number };
interface InfoRequest {
  subscriptionCount: boolean;
  userCount: boolean;
}

/** The AppError codes this API answers with, and their statuses. */
const STATUS: Partial<Record<ErrorCode, number>> = { invalid_request: 400, not_authenticated: 401, not_found: 404, too_large: 413 };
const invalid = (message: string): AppError => new AppError('invalid_request', message);
const SOCKET_ID = /^\d+\.\d+$/;

export const pusherHttpApi: FastifyPluginAsyncTypebox<PusherHttpApiOptions> = async (app, opts) => {
  const { realtime } = opts;
  const credentials = { key: opts.key, secret: opts.secret };

  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: Limits.apiBodyMaxBytes }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err instanceof AppError ? STATUS[err.code] : undefined;
    if (err instanceof AppError && status !== undefined) return reply.code(status).send({ error: err.message, code: err.code });
    if (err.validation) return reply.code(400).send({ error: err.message, code: 'invalid_request' });
    if (err.statusCode === 413) return reply.code(413).send({ error: 'Request body is too large', code: 'too_large' });
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(400).send({ error: err.message, code: 'invalid_request' });
    }
    req.log.error({ err }, 'pusher http api: request failed');
    return reply.code(500).send({ error: 'Internal server error', code: 'internal' });
  });

  // Authenticate before validation so that nothing about the payload leaks to unsigned callers.
  app.addHook('preValidation', async (req: FastifyRequest) => {
    const { appId } = req.params as { appId?: string };
    if (appId !== opts.appId) throw new AppError('not_found', `Unknown app ${appId ?? ''}`);
    const url = req.raw.url ?? req.url;
    const queryAt = url.indexOf('?');
    const body = Buffer.isBuffer(req.body) ? req.body : undefined;
    const result = verifyApiRequest(credentials, {
      method: req.method,
      path: queryAt === -1 ? url : url.slice(0, queryAt),
      rawQuery: queryAt === -1 ? '' : url.slice(queryAt + 1),
      body,
    });
    if (!result.ok) throw new AppError('not_authenticated', result.message);
    if (body !== undefined) req.body = parseJson(body);
  });

  const routeSchema = { tags: ['pusher'] };

  app.post('/apps/:appId/events', {
    schema: { ...routeSchema, summary: 'Trigger an event', params: S.AppParams, body: S.EventBody, response: { 200: S.EventReply, ...S.errorReplies } },
  }, async (req) => {
    const { name, data, socket_id: socketId } = req.body;
    const channels = req.body.channels ?? (req.body.channel === undefined ? [] : [req.body.channel]);
    checkEvent(name, data, channels, socketId);
    const info = parseInfo(req.body.info, channels);
    await realtime.publish(channels, name, data, socketId);
    if (info === null) return {};
    const attributes: Record<string, Attributes> = {};
    for (const channel of channels) attributes[channel] = await channelAttributes(channel, info);
    return { channels: attributes };
  });

  app.post('/apps/:appId/batch_events', {
    schema: { ...routeSchema, summary: 'Trigger a batch of events', params: S.AppParams, body: S.BatchBody, response: { 200: S.BatchReply, ...S.errorReplies } },
  }, async (req) => {
    const { batch } = req.body;
    if (batch.length > Limits.apiMaxBatch) throw invalid(`A batch holds at most ${Limits.apiMaxBatch} events`);
    const infos = batch.map((event) => {
      checkEvent(event.name, event.data, [event.channel], event.socket_id);
      return parseInfo(event.info, [event.channel]);
    });
    for (const event of batch) await realtime.publish([event.channel], event.name, event.data, event.socket_id);
    if (infos.every((info) => info === null)) return {};
    const replies: Attributes[] = [];
    for (const [i, event] of batch.entries()) {
      const info = infos[i];
      replies.push(info === null || info === undefined ? {} : await channelAttributes(event.channel, info));
    }
    return { batch: replies };
  });

  app.get('/apps/:appId/channels', {
    schema: { ...routeSchema, summary: 'List occupied channels', params: S.AppParams, querystring: S.ChannelsQuery, response: { 200: S.ChannelsReply, ...S.errorReplies } },
  }, async (req) => {
    const prefix = req.query.filter_by_prefix ?? '';
    const info = parseAttributes(req.query.info);
    if (info.userCount && !prefix.startsWith('presence-')) throw invalid('info=user_count needs filter_by_prefix=presence-');
    const result: Record<string, Attributes> = {};
    for (const [channel, counts] of await realtime.channels(prefix)) {
      if (counts.subscriptionCount === 0) continue;
      result[channel] = {
        ...(info.subscriptionCount && { subscription_count: counts.subscriptionCount }),
        ...(info.userCount && { user_count: counts.userCount ?? 0 }),
      };
    }
    return { channels: result };
  });

  app.get('/apps/:appId/channels/:channelName', {
    schema: { ...routeSchema, summary: 'Describe a channel', params: S.ChannelParams, querystring: S.ChannelQuery, response: { 200: S.ChannelReply, ...S.errorReplies } },
  }, async (req) => {
    const channel = checkChannel(req.params.channelName);
    const info = parseAttributes(req.query.info);
    if (info.userCount && !isPresenceChannel(channel)) throw invalid('info=user_count is only for presence channels');
    const counts = await realtime.channelInfo(channel);
    return {
      occupied: counts.subscriptionCount > 0,
      ...(info.subscriptionCount && { subscription_count: counts.subscriptionCount }),
      ...(info.userCount && { user_count: counts.userCount ?? 0 }),
    };
  });

  app.get('/apps/:appId/channels/:channelName/users', {
    schema: { ...routeSchema, summary: 'List the users of a presence channel', params: S.ChannelParams, response: { 200: S.UsersReply, ...S.errorReplies } },
  }, async (req) => {
    const channel = checkChannel(req.params.channelName);
    if (!isPresenceChannel(channel)) throw invalid('Users are only listed for presence channels');
    const members = await realtime.members(channel);
    return { users: members.map((m) => ({ id: m.id })) };
  });

  app.post('/apps/:appId/users/:userId/terminate_connections', {
    schema: { ...routeSchema, summary: "Close a signed-in user's connections", params: S.UserParams, response: { 200: S.EmptyReply, ...S.errorReplies } },
  }, async (req) => {
    if (req.params.userId === '') throw invalid('User id is missing');
    await realtime.terminateUserConnections(req.params.userId);
    return {};
  });

  async function channelAttributes(channel: string, info: InfoRequest): Promise<Attributes> {
    const counts = await realtime.channelInfo(channel);
    return {
      ...(info.subscriptionCount && { subscription_count: counts.subscriptionCount }),
      ...(info.userCount && { user_count: counts.userCount ?? 0 }),
    };
  }
};

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw invalid('Body is not valid JSON');
  }
}

function checkChannel(channel: string): string {
  const problem = channelNameProblem(channel);
  if (problem !== null) throw invalid(problem);
  return channel;
}

function checkEvent(name: string, data: string, channels: readonly string[], socketId: string | undefined): void {
  const nameProblem = eventNameProblem(name);
  if (nameProblem !== null) throw invalid(nameProblem);
  if (channels.length === 0) throw invalid('channels or channel is required');
  if (channels.length > Limits.apiMaxChannels) throw invalid(`An event goes to at most ${Limits.apiMaxChannels} channels`);
  for (const channel of channels) checkChannel(channel);
  if (socketId !== undefined && !SOCKET_ID.test(socketId)) throw invalid('socket_id is not a socket id');
  if (Buffer.byteLength(data, 'utf8') > Limits.apiEventDataMaxBytes) {
    throw new AppError('too_large', `Event data is larger than ${Limits.apiEventDataMaxBytes} bytes`);
  }
}

function parseAttributes(info: string | undefined): InfoRequest {
  const wanted = new Set((info ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''));
  for (const attribute of wanted) {
    if (attribute !== 'subscription_count' && attribute !== 'user_count') throw invalid(`Unknown info attribute ${attribute}`);
  }
  return { subscriptionCount: wanted.has('subscription_count'), userCount: wanted.has('user_count') };
}

/** `info` of a publish: null when none was asked for. */
function parseInfo(info: string | undefined, channels: readonly string[]): InfoRequest | null {
  const wanted = parseAttributes(info);
  if (!wanted.subscriptionCount && !wanted.userCount) return null;
  if (wanted.userCount && !channels.every(isPresenceChannel)) throw invalid('info=user_count is only for presence channels');
  return wanted;
}
