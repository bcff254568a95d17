import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import PusherServer from 'pusher';
import { safeEqual, signChannelAuth, signUserAuth, verifyChannelAuth, verifyUserAuth } from '../../src/realtime/signature.js';

// The example credentials of Pusher's "Authentication and authorization signatures" reference.
const KEY = '278d425bdf160c739803';
const SECRET = '7ad3773142a6692b25b8';

void describe('channel signatures', () => {
  void it('signs a private channel as the Pusher reference does', () => {
    assert.deepEqual(signChannelAuth(KEY, SECRET, '1234.1234', 'private-foobar'), {
      auth: '278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4',
    });
  });

  void it('signs a presence channel over its channel_data as the Pusher reference does', () => {
    const channelData = '{"user_id":10,"user_info":{"name":"Mr. Channels"}}';
    assert.deepEqual(signChannelAuth(KEY, SECRET, '1234.1234', 'presence-foobar', channelData), {
      auth: '278d425bdf160c739803:31935e7d86dba64c2a90aed31fdc61869f9b22ba9d8863bba239c03ca481bc80',
      channel_data: channelData,
    });
  });

  void it('agrees with the official SDK, for members given as objects too', () => {
    const official = new PusherServer({ appId: '1', key: KEY, secret: SECRET, cluster: 'mt1' });
    const member = { user_id: '42', user_info: { name: 'Sarah Jones', role: 'Receptionist' } };
    assert.deepEqual(signChannelAuth(KEY, SECRET, '99.17', 'presence-hotel-abc-staff', member), official.authorizeChannel('99.17', 'presence-hotel-abc-staff', member));
    assert.deepEqual(signChannelAuth(KEY, SECRET, '99.17', 'private-hotel-abc-staff-inbox'), official.authorizeChannel('99.17', 'private-hotel-abc-staff-inbox'));
    assert.deepEqual(signUserAuth(KEY, SECRET, '99.17', { id: 'u1' }), official.authenticateUser('99.17', { id: 'u1' }));
  });

  void it('verifies only the exact socket, channel, channel_data and key', () => {
    const { auth } = signChannelAuth(KEY, SECRET, '1.1', 'presence-a', '{"user_id":"1"}');
    assert.equal(verifyChannelAuth(KEY, SECRET, '1.1', 'presence-a', auth, '{"user_id":"1"}'), true);
    assert.equal(verifyChannelAuth(KEY, SECRET, '1.2', 'presence-a', auth, '{"user_id":"1"}'), false);
    assert.equal(verifyChannelAuth(KEY, SECRET, '1.1', 'presence-b', auth, '{"user_id":"1"}'), false);
    assert.equal(verifyChannelAuth(KEY, SECRET, '1.1', 'presence-a', auth, '{"user_id":"2"}'), false);
    assert.equal(verifyChannelAuth('other-key', SECRET, '1.1', 'presence-a', auth, '{"user_id":"1"}'), false);
    assert.equal(verifyChannelAuth(KEY, SECRET, '1.1', 'presence-a', undefined, '{"user_id":"1"}'), false);
    assert.equal(verifyChannelAuth(KEY, SECRET, '1.1', 'presence-a', `${auth}0`, '{"user_id":"1"}'), false);
    const user = signUserAuth(KEY, SECRET, '1.1', '{"id":"u"}');
    assert.equal(verifyUserAuth(KEY, SECRET, '1.1', user.auth, user.user_data), true);
    assert.equal(verifyUserAuth(KEY, SECRET, '1.1', user.auth, '{"id":"v"}'), false);
  });

  void it('compares strings of any length without throwing', () => {
    assert.equal(safeEqual('abc', 'abc'), true);
    assert.equal(safeEqual('abc', 'abd'), false);
    assert.equal(safeEqual('abc', 'abcd'), false);
    assert.equal(safeEqual('', ''), true);
  });
});
