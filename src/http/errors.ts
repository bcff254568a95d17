// One place maps failures to answers: {error, code} with the right status, never a stack trace.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../domain/errors.js';
import { limitReached } from './metrics.js';

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  not_authenticated: 401,
  invalid_credentials: 401,
  invalid_pin: 401,
  session_invalid: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

// Fastify's own client errors, by its error code.
const FASTIFY: Record<string, { status: number; code: string; error: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_request', error: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_request', error: 'The request body is empty; send a JSON object.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'too_large', error: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', error: 'Send the body as JSON (Content-Type: application/json).' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_request', error: 'The Content-Length does not match the body.' },
};

/** Past this, an oversized body is not read to its end: the connection is cut instead. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

export async function errorHandler(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  if (err instanceof AppError) {
    const status = STATUS[err.code];
    if (typeof err.details?.retry_after === 'number') reply.header('Retry-After', String(err.details.retry_after));
    if (status === 429 || (status === 503 && err.details?.retry_after !== undefined)) limitReached.inc({ limit: limitName(req, err) });
    if (status >= 500) req.log.warn({ code: err.code }, err.message);
    return reply.code(status).send({ ...err.details, error: err.message, code: err.code });
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    return reply.code(400).send({ error: `Invalid request: ${fe.message}.`, code: 'invalid_request' });
  }
  const known = fe.code ? FASTIFY[fe.code] : undefined;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    limitReached.inc({ limit: 'body_size' });
    // A client that writes its whole body before reading (Node's http, fetch) would see EPIPE if
    // the connection closed under it: read the rest first (requestTimeout still bounds a trickle).
    await drain(req);
  }
  if (known) return reply.code(known.status).send({ error: known.error, code: known.code });
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.code(fe.statusCode).send({ error: fe.message, code: fe.statusCode === 429 ? 'rate_limited' : 'invalid_request' });
  }
  req.log.error({ err }, 'request failed');
  return reply.code(500).send({ error: 'Something went wrong on our side. Please try again.', code: 'internal' });
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).send({ error: `There is no ${req.method} ${req.url.split('?')[0]}.`, code: 'not_found' });
}

function limitName(req: FastifyRequest, err: AppError): string {
  if (err.code === 'unavailable') return 'hashing_queue';
  const route = req.routeOptions.url ?? '';
  if (route.includes('messages/send')) return 'message_send';
  if (route.includes('login')) return 'login_attempts';
  if (route.includes('initialize')) return 'pin_attempts';
  return 'other';
}

function drain(req: FastifyRequest): Promise<void> {
  const raw = req.raw;
  if (raw.complete || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let read = 0;
    const done = () => {
      raw.off('data', count);
      resolve();
    };
    const count = (chunk: Buffer) => {
      read += chunk.length;
      if (read > DRAIN_LIMIT) {
        raw.socket.destroy();
        done();
      }
    };
    raw.on('data', count);
    raw.once('end', done);
    raw.once('close', done);
    raw.once('error', done);
    raw.resume();
  });
}

/**
 * Node's own refusals, before Fastify has a request (a header or request timeout, a malformed
 * request line, headers too large): still `{error, code}` JSON, then the connection is closed.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // An answer already on its way: writing another into the stream would corrupt it.
  if ((socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, code, error] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'timeout', 'The request took too long to arrive.']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'too_large', 'The request headers are too large.']
        : [400, 'invalid_request', 'The request is not valid HTTP.'];
  if (status === 408) limitReached.inc({ limit: 'request_timeout' });
  const body = JSON.stringify({ error, code });
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  } else {
    socket.destroy();
  }
}
