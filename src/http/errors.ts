// One place maps failures to answers: {error, code} with the right status, never a stack trace.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../domain/errors.js';

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

export function errorHandler(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof AppError) {
    const status = STATUS[err.code];
    if (err.code === 'rate_limited' && typeof err.details?.retry_after === 'number') reply.header('Retry-After', String(err.details.retry_after));
    if (status >= 500) req.log.warn({ code: err.code }, err.message);
    return reply.code(status).send({ ...err.details, error: err.message, code: err.code });
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    return reply.code(400).send({ error: `Invalid request: ${fe.message}.`, code: 'invalid_request' });
  }
  const known = fe.code ? FASTIFY[fe.code] : undefined;
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
