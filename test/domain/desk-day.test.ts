// The desk-day rules without HTTP: desk hours on a hotel's clock (also across summer time), the
// placeholders and the choice of language, the search snippet, and what a stay may be set to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterHoursText } from '../../src/domain/after-hours.js';
import { deskState, zonedInstant } from '../../src/domain/desk-hours.js';
import { fillPlaceholders, pickText } from '../../src/domain/placeholders.js';
import { snippet } from '../../src/domain/search.js';
import { checkStayInput } from '../../src/domain/stay-panel.js';
import { hotelTime, transcriptText } from '../../src/domain/transcript.js';

const day = { opens: '07:00', closes: '23:00' };
const week = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: { opens: '08:00', closes: '24:00' }, sun: null };

describe('desk hours', () => {
  const cases: Array<[string, string, boolean, string | null]> = [
    // instant (UTC), zone, open?, next opening (UTC) while closed
    ['2026-11-30T23:30:00Z', 'Europe/Berlin', false, '2026-12-01T06:00:00.000Z'], // Tue 00:30 Berlin
    ['2026-12-01T06:00:00Z', 'Europe/Berlin', true, null], // Tue 07:00 sharp: open
    ['2026-12-01T21:59:00Z', 'Europe/Berlin', true, null], // Tue 22:59
    ['2026-12-01T22:00:00Z', 'Europe/Berlin', false, '2026-12-02T06:00:00.000Z'], // Tue 23:00: closed
    ['2026-12-05T22:30:00Z', 'Europe/Berlin', true, null], // Sat 23:30 (open until 24:00)
    ['2026-12-05T23:30:00Z', 'Europe/Berlin', false, '2026-12-07T06:00:00.000Z'], // Sun 00:30: closed Sunday, opens Monday
    ['2026-03-29T04:30:00Z', 'Europe/Berlin', false, '2026-03-30T05:00:00.000Z'], // Sunday of the spring change: Monday 07:00 is UTC+2
    ['2026-12-01T12:00:00Z', 'America/New_York', true, null], // Tue 07:00 New York
    ['2026-12-01T11:59:00Z', 'America/New_York', false, '2026-12-01T12:00:00.000Z'],
  ];
  for (const [at, zone, open, next] of cases) {
    it(`is ${open ? 'open' : 'closed'} at ${at} in ${zone}`, () => {
      const s = deskState(week, zone, new Date(at));
      assert.equal(s.open, open);
      assert.equal(s.opensAt?.toISOString() ?? null, next);
    });
  }

  it('turns a wall-clock time into the instant, across a change of summer time', () => {
    assert.equal(zonedInstant(2026, 7, 1, 7 * 60, 'Europe/Berlin').toISOString(), '2026-07-01T05:00:00.000Z');
    assert.equal(zonedInstant(2026, 12, 1, 7 * 60, 'Europe/Berlin').toISOString(), '2026-12-01T06:00:00.000Z');
    assert.equal(zonedInstant(2026, 12, 1, 0, 'UTC').toISOString(), '2026-12-01T00:00:00.000Z');
  });
});

describe('placeholders and languages', () => {
  it('fills what it knows and leaves the rest visible', () => {
    assert.deepEqual(fillPlaceholders('Hi {guest_first_name}, room {room}: {wifi_password} {nope} {Not} {room}', { guest_first_name: 'Ana', room: '101', wifi_password: '' }), {
      text: 'Hi Ana, room 101: {wifi_password} {nope} {Not} 101',
      unfilled: ['wifi_password', 'nope'],
    });
    assert.equal(fillPlaceholders('{constructor} {__proto__}', {}).text, '{constructor} {__proto__}', 'no inherited property is a value');
  });

  it("picks the guest's language, its primary language, the default, then any", () => {
    const texts = { en: 'Hello', de: 'Hallo', 'pt-BR': 'Olá' };
    assert.equal(pickText(texts, ['de-AT', 'en'])?.language, 'de');
    assert.equal(pickText(texts, ['pt', 'en'])?.language, 'pt-BR');
    assert.equal(pickText(texts, ['ja', null, 'en'])?.language, 'en');
    assert.equal(pickText({ fr: 'Bonjour' }, ['ja', 'en'])?.language, 'fr');
    assert.equal(pickText({}, ['en']), undefined);
  });

  it('writes the automatic reply in English by default, with the opening on the hotel clock', () => {
    const settings = { defaultLanguage: 'en', placeholderValues: {}, deskHours: week, afterHoursTexts: {}, emergencyNumber: null };
    assert.equal(
      afterHoursText(settings, 'de', 'Europe/Berlin', new Date('2026-12-01T06:00:00Z'), {}),
      'Thank you for your message. Our front desk is closed right now; it opens Tuesday 07:00, and we will answer you then.',
    );
  });
});

describe('the search snippet', () => {
  it('marks the words of the query as plain pieces, whatever their case', () => {
    assert.deepEqual(snippet('More Towels, please: towels!', ['towels']), [
      { text: 'More ', hit: false }, { text: 'Towels', hit: true }, { text: ', please: ', hit: false }, { text: 'towels', hit: true }, { text: '!', hit: false },
    ]);
    assert.deepEqual(snippet('<b>iron</b>', ['iron']), [{ text: '<b>', hit: false }, { text: 'iron', hit: true }, { text: '</b>', hit: false }]);
  });

  it('cuts a long message around the first match', () => {
    const body = `${'a '.repeat(300)}needle ${'b '.repeat(300)}`;
    const s = snippet(body, ['needle']);
    assert.equal(s[0]!.text, '…');
    assert.equal(s.at(-1)!.text, '…');
    assert.deepEqual(s.filter((x) => x.hit).map((x) => x.text), ['needle']);
    assert.ok(s.map((x) => x.text).join('').length <= 242);
  });
});

describe('what a stay may be set to', () => {
  it('takes real dates, language tags and trimmed notes', () => {
    assert.deepEqual(checkStayInput({ expectedDeparture: '2028-02-29', language: 'PT-br', note: '  x  ', guestName: ' Ana ' }), { guestName: 'Ana', expectedDeparture: '2028-02-29', language: 'pt-BR', note: 'x' });
    assert.deepEqual(checkStayInput({ note: '' }), { note: null });
    for (const bad of [{ expectedDeparture: '2027-02-29' }, { expectedDeparture: '1999-12-31' }, { language: 'x' }, { guestName: '' }, { note: 'a\u0000' }]) {
      assert.throws(() => checkStayInput(bad), { name: 'AppError' });
    }
  });
});

describe('the transcript text', () => {
  it('writes hotel-clock times, senders, marked automatic replies and indented lines', () => {
    const t = transcriptText({
      hotelName: 'Hotel ABC', roomNumber: 101, guestName: 'John Doe', timeZone: 'Europe/Berlin', now: new Date('2026-12-01T00:00:00Z'), truncated: false,
      lines: [
        { senderType: 'guest', staffName: null, staffRole: null, body: 'Hi', createdAt: new Date('2026-11-30T23:30:00Z') },
        { senderType: 'system', staffName: null, staffRole: null, body: 'Closed', createdAt: new Date('2026-11-30T23:30:00Z') },
        { senderType: 'staff', staffName: 'Sarah Jones', staffRole: 'Receptionist', body: 'One\r\nTwo', createdAt: new Date('2026-12-01T06:01:00Z') },
      ],
    });
    assert.equal(t, [
      'Hotel ABC — conversation with the front desk', 'Room 101 · John Doe', "Times are Europe/Berlin (the hotel's clock). Exported 2026-12-01 01:00.", '',
      '[2026-12-01 00:30] John Doe: Hi', '[2026-12-01 00:30] [Automatic reply] Closed', '[2026-12-01 07:01] Sarah Jones (Receptionist): One', '    Two', '',
    ].join('\n'));
    assert.equal(hotelTime(new Date('2026-07-01T22:00:00Z'), 'Europe/Berlin'), '2026-07-02 00:00');
  });
});
