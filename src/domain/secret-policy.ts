// Which passwords and PINs a person may choose. Argon2 slows every guess down, but the guessing
// limits allow some guesses per window: a password on a short list of favourites, or a PIN like
// 1111, falls within them. The rules follow NIST SP 800-63B: a length floor and a blocklist,
// no composition rules.
import { AppError } from './errors.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MIN_PIN_LENGTH = 4;
export const MAX_PIN_LENGTH = 12;

// The most common passwords of breach corpora that are 10 characters or longer, and words of this
// trade. Compared lower-cased with digits and symbols at either end stripped, so "Password123!"
// counts as "password".
const COMMON = new Set([
  'password', 'passw0rd', 'qwertyuiop', 'qwertyuiopasdfghjkl', 'asdfghjkl', 'zxcvbnm', 'iloveyou', 'letmein', 'welcome',
  'football', 'baseball', 'superman', 'starwars', 'sunshine', 'princess', 'trustno1', 'whatever', 'changeme', 'administrator',
  'admin', 'login', 'master', 'monkey', 'dragon', 'secret', 'abcdefghij', 'abcdefghijklmnopqrstuvwxyz', 'qazwsxedc', 'qwerty',
  '1q2w3e4r5t', '1qaz2wsx3edc', 'hotel', 'concierge', 'reception', 'frontdesk', 'manager', 'receptionist', 'guest', 'staff',
  'default', 'temporary', 'temppassword', 'newpassword', 'mypassword', 'p@ssword', 'p@ssw0rd',
]);

/** Throws 400 invalid_request, saying why, when this password is too easy to guess. */
export function checkPassword(password: string, context: { username?: string } = {}): void {
  const refuse = (why: string): never => {
    throw new AppError('invalid_request', `Choose another password: ${why}`);
  };
  if ([...password].length < MIN_PASSWORD_LENGTH) refuse(`it must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  if (password.length > 200) refuse('it must be at most 200 characters long.');
  if (/^\d+$/.test(password)) refuse('it is only digits.');
  if (new Set(password.toLowerCase()).size < 4) refuse('it repeats too few different characters.');
  if (isRun(password.toLowerCase())) refuse('it is a run of neighbouring characters.');
  const core = password.toLowerCase().replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (COMMON.has(core) || COMMON.has(password.toLowerCase())) refuse('it is one of the most commonly used passwords.');
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= 3) {
    const lower = password.toLowerCase();
    if (lower.includes(username) || core === username || username.includes(core)) refuse('it contains the username.');
  }
}

/** Throws 400 invalid_request when a chosen PIN is too short or trivially guessable (1111, 1234, 2580, a year). */
export function checkPin(pin: string): void {
  const refuse = (why: string): never => {
    throw new AppError('invalid_request', `Choose another PIN: ${why}`);
  };
  if (!/^\d+$/.test(pin)) refuse('a PIN is digits only.');
  if (pin.length < MIN_PIN_LENGTH || pin.length > MAX_PIN_LENGTH) refuse(`it must be ${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH} digits long.`);
  if (new Set(pin).size === 1) refuse('it repeats one digit.');
  if (isRun(pin)) refuse('its digits run in order.');
  if (pin.length % 2 === 0 && pin.slice(0, pin.length / 2) === pin.slice(pin.length / 2)) refuse('it repeats itself.');
  if (pin.length === 4 && /^(19|20)\d\d$/.test(pin)) refuse('it looks like a year.');
  if (['2580', '0852', '1212', '1004', '2000', '6969', '7777', '1122', '1313', '4321', '0000', '5683', '159753', '147258', '123123', '112233', '121212', '696969'].includes(pin)) {
    refuse('it is one of the most commonly chosen PINs.');
  }
}

/** 1234, 9876, abcd, qwerty-like keyboard rows: every next character one step from the last. */
function isRun(s: string): boolean {
  if (s.length < 3) return false;
  for (const row of ['0123456789', '9876543210', 'abcdefghijklmnopqrstuvwxyz', 'zyxwvutsrqponmlkjihgfedcba', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890']) {
    if (row.includes(s)) return true;
  }
  return false;
}
