// Web push subscriptions and the shared VAPID key pair. Who receives a push is decided here, in
// the query, every time: an ended stay, a deactivated account or a clocked-out staff member gets
// nothing even if a clean-up was missed (the command line checks out without the push listener).
import type { Kysely } from 'kysely';
import type { PushOwner, PushRepository } from '../../domain/ports.js';
import type { DB } from '../schema.js';

const ownerColumn = (owner: PushOwner) => (owner.kind === 'staff' ? ({ column: 'staff_id', id: owner.staffId } as const) : ({ column: 'stay_id', id: owner.stayId } as const));

export function pushRepository(db: Kysely<DB>): PushRepository {
  const endpoints = () => db.selectFrom('push_subscriptions as p').select(['p.endpoint', 'p.p256dh', 'p.auth']);
  return {
    async save(owner, sub, tokenHash, at, keep) {
      const { column, id } = ownerColumn(owner);
      const row = {
        hotel_id: owner.hotelId,
        staff_id: owner.kind === 'staff' ? owner.staffId : null,
        stay_id: owner.kind === 'guest' ? owner.stayId : null,
        endpoint: sub.endpoint,
        p256dh: sub.p256dh,
        auth: sub.auth,
        token_hash: tokenHash,
        created_at: at,
      };
      // The browser holds the endpoint: whoever subscribes it last (signed in on that browser) owns it.
      await db
        .insertInto('push_subscriptions')
        .values(row)
        .onConflict((oc) => oc.column('endpoint').doUpdateSet({ ...row }))
        .execute();
      // Each statement commits by itself, so the last of concurrent saves sees every row and
      // leaves the owner's newest `keep`.
      await db
        .deleteFrom('push_subscriptions')
        .where(column, '=', id)
        .where('id', 'not in', (eb) => eb.selectFrom('push_subscriptions').select('id').where(column, '=', id).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(keep))
        .execute();
    },
    async remove(owner, endpoint) {
      const { column, id } = ownerColumn(owner);
      // Counted from `returning`: the embedded PGlite pool reports no affected-row count.
      const r = await db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).where(column, '=', id).where('hotel_id', '=', owner.hotelId).returning('id').execute();
      return r.length > 0;
    },
    async removeEndpoint(endpoint) {
      await db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).execute();
    },
    async removeFor(who) {
      const q = db.deleteFrom('push_subscriptions');
      const r = await (who.kind === 'staff'
        ? q.where('staff_id', '=', who.staffId)
        : who.kind === 'stay'
          ? q.where('stay_id', '=', who.stayId)
          : q.where('token_hash', '=', who.tokenHash)
      )
        .returning('id')
        .execute();
      return r.length;
    },
    async removeEnded() {
      const r = await db
        .deleteFrom('push_subscriptions')
        .where((eb) =>
          eb.or([
            eb('stay_id', 'in', eb.selectFrom('stays').select('id').where('checked_out_at', 'is not', null)),
            eb('staff_id', 'in', eb.selectFrom('staff').select('id').where('is_active', '=', false)),
          ]),
        )
        .returning('id')
        .execute();
      return r.length;
    },
    async onDutyStaff(hotelId, staffIds) {
      if (staffIds !== null && staffIds.length === 0) return [];
      let q = endpoints()
        .innerJoin('staff as s', 's.id', 'p.staff_id')
        .innerJoin('staff_duty as d', 'd.staff_id', 'p.staff_id')
        .where('p.hotel_id', '=', hotelId)
        .where('s.hotel_id', '=', hotelId)
        .where('s.is_active', '=', true)
        .where('d.on_duty', '=', true);
      if (staffIds !== null) q = q.where('p.staff_id', 'in', [...staffIds]);
      return q.execute();
    },
    async stay(stayId) {
      return endpoints().innerJoin('stays as st', 'st.id', 'p.stay_id').where('p.stay_id', '=', stayId).where('st.checked_out_at', 'is', null).execute();
    },
    async countFor(owner) {
      const { column, id } = ownerColumn(owner);
      const r = await db.selectFrom('push_subscriptions').select((eb) => eb.fn.countAll<string>().as('n')).where(column, '=', id).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async vapidKeys(generate, at) {
      const read = () => db.selectFrom('push_vapid_keys').select(['public_key', 'private_key']).where('id', '=', 1).executeTakeFirst();
      let row = await read();
      if (!row) {
        const keys = generate();
        // Two nodes starting together: the first insert wins and both read it back.
        await db.insertInto('push_vapid_keys').values({ id: 1, public_key: keys.publicKey, private_key: keys.privateKey, created_at: at }).onConflict((oc) => oc.column('id').doNothing()).execute();
        row = await read();
      }
      if (!row) throw new Error('push: the VAPID key pair could not be stored');
      return { publicKey: row.public_key, privateKey: row.private_key };
    },
  };
}
