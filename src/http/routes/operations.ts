// Running a hotel (managers): its webhooks and their delivery log, the audit log, retention, and
// a guest's data request (find the stay, export it, erase it).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentAuditEntry, presentDelivery, presentRetentionRun, presentStay, presentStayExport, presentWebhook } from '../../contract/operations-presenters.js';
import { errors, HotelParams, HotelSlug, Id } from '../../contract/schemas/common.js';
import * as S from '../../contract/schemas/operations.js';
import { listAudit } from '../../domain/audit.js';
import { AppError } from '../../domain/errors.js';
import { eraseStay, exportStay, listStays, retentionSettings, runRetention, updateRetention } from '../../domain/retention.js';
import { createWebhook, deleteWebhook, listWebhooks, updateWebhook, webhookDeliveries } from '../../domain/webhooks.js';
import { refusedTarget } from '../../events/webhook-target.js';
import type { RouteContext } from '../context.js';

const WebhookParams = Type.Object({ hotel_slug: HotelSlug, webhook_id: Id });
const StayParams = Type.Object({ hotel_slug: HotelSlug, stay_id: Id });

export const operationsRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps, dispatcher, config }) => {
  const tags = ['admin'];
  /** A webhook may not point into the server's own network unless the operator allows it. */
  async function reachable(url: string | undefined): Promise<void> {
    if (url === undefined || !URL.canParse(url)) return; // the domain explains a bad URL
    const refused = await refusedTarget(url, config.hotelWebhooks.allowPrivateUrls);
    if (refused !== null) throw new AppError('invalid_request', `That webhook URL may not be used: ${refused}.`);
  }

  app.get('/admin/:hotel_slug/webhooks/', {
    schema: { tags, summary: 'The hotel\'s webhooks (secrets shown as their last four characters)', params: HotelParams, response: { 200: Type.Array(S.Webhook), ...errors(401, 403, 404) } },
  }, async (req) => (await listWebhooks(deps, req.actor, req.params.hotel_slug)).map(presentWebhook));

  app.post('/admin/:hotel_slug/webhooks/', {
    schema: { tags, summary: 'A new webhook; the answer is the only time its whole signing secret is shown (docs/webhooks.md)', params: HotelParams, body: S.WebhookCreateBody, response: { 201: S.Webhook, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => {
    await reachable(req.body.url);
    const hook = await dispatcher.run(null, () => createWebhook(deps, req.actor, req.params.hotel_slug, req.body));
    return reply.code(201).send(presentWebhook(hook));
  });

  app.patch('/admin/:hotel_slug/webhooks/:webhook_id/', {
    schema: { tags, summary: 'Change a webhook: URL, events, active, description', params: WebhookParams, body: S.WebhookPatchBody, response: { 200: S.Webhook, ...errors(400, 401, 403, 404) } },
  }, async (req) => {
    await reachable(req.body.url);
    return presentWebhook(await dispatcher.run(null, () => updateWebhook(deps, req.actor, req.params.hotel_slug, req.params.webhook_id, req.body)));
  });

  app.delete('/admin/:hotel_slug/webhooks/:webhook_id/', {
    schema: { tags, summary: 'Delete a webhook and its delivery log', params: WebhookParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
  }, async (req, reply) => {
    await dispatcher.run(null, () => deleteWebhook(deps, req.actor, req.params.hotel_slug, req.params.webhook_id));
    return reply.code(204).send(null);
  });

  app.get('/admin/:hotel_slug/webhooks/:webhook_id/deliveries/', {
    schema: { tags, summary: 'A webhook\'s newest 100 deliveries with their attempts, last status and error', params: WebhookParams, response: { 200: Type.Array(S.WebhookDelivery), ...errors(401, 403, 404) } },
  }, async (req) => (await webhookDeliveries(deps, req.actor, req.params.hotel_slug, req.params.webhook_id)).map(presentDelivery));

  app.get('/admin/:hotel_slug/audit/', {
    schema: { tags, summary: 'The hotel\'s audit log, newest first (docs/retention-and-audit.md)', params: HotelParams, querystring: S.AuditQuery, response: { 200: Type.Array(S.AuditEntry), ...errors(400, 401, 403, 404) } },
  }, async (req) => (await listAudit(deps, req.actor, req.params.hotel_slug, { beforeId: req.query.before_id, limit: req.query.limit })).map(presentAuditEntry));

  app.get('/admin/:hotel_slug/retention/', {
    schema: { tags, summary: 'How long stays are kept after check-out, and purge or anonymise', params: HotelParams, response: { 200: S.Retention, ...errors(401, 403, 404) } },
  }, async (req) => retentionSettings(deps, req.actor, req.params.hotel_slug));

  app.patch('/admin/:hotel_slug/retention/', {
    schema: { tags, summary: 'Change the retention setting', params: HotelParams, body: S.RetentionPatch, response: { 200: S.Retention, ...errors(400, 401, 403, 404) } },
  }, async (req) => dispatcher.run(null, () => updateRetention(deps, req.actor, req.params.hotel_slug, req.body)));

  app.post('/admin/:hotel_slug/retention/run/', {
    schema: { tags, summary: 'Run retention now, or with dry_run see what it would remove', params: HotelParams, body: Type.Optional(S.RetentionRunBody), response: { 200: S.RetentionRunReply, ...errors(400, 401, 403, 404) } },
  }, async (req) => {
    const run = await dispatcher.run(null, () => runRetention(deps, req.actor, req.params.hotel_slug, { dryRun: req.body?.dry_run ?? false }));
    return presentRetentionRun(run);
  });

  app.get('/admin/:hotel_slug/stays/', {
    schema: { tags, summary: 'The hotel\'s stays, newest first, optionally of one room: to find a guest\'s data request', params: HotelParams, querystring: S.StaysQuery, response: { 200: Type.Array(S.StayRecord), ...errors(400, 401, 403, 404) } },
  }, async (req) => (await listStays(deps, req.actor, req.params.hotel_slug, req.query.room ?? null)).map(presentStay));

  app.get('/admin/:hotel_slug/stays/:stay_id/export/', {
    schema: { tags, summary: 'Everything held about one stay, as a JSON download', params: StayParams, response: { 200: S.StayExportReply, ...errors(401, 403, 404) } },
  }, async (req, reply) => {
    const data = await dispatcher.run(null, () => exportStay(deps, req.actor, req.params.hotel_slug, req.params.stay_id));
    void reply.header('content-disposition', `attachment; filename="stay-${req.params.stay_id}.json"`);
    return presentStayExport(data);
  });

  app.post('/admin/:hotel_slug/stays/:stay_id/erase/', {
    schema: { tags, summary: 'Erase one stay\'s personal data now (the guest must have checked out)', params: StayParams, response: { 200: S.StayRecord, ...errors(401, 403, 404, 409) } },
  }, async (req) => presentStay(await dispatcher.run(null, () => eraseStay(deps, req.actor, req.params.hotel_slug, req.params.stay_id))));
};
