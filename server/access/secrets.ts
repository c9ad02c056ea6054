// Passwords (scrypt, per-user salt, parameters kept with the hash) and bearer secrets (session ids,
// API tokens: 32 random bytes, only their SHA-256 is stored).
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** About 32 MiB and tens of milliseconds per hash: slow for guessing, fine for a login. */
export const DEFAULT_SCRYPT: ScryptParameters = { N: 32768, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, parameters: ScryptParameters, keyBytes: number): Promise<Buffer> {
  const options: ScryptOptions = { ...parameters, maxmem: 256 * parameters.N * parameters.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$key` (salt and key base64url): everything needed to verify later. */
export async function hashPassword(password: string, parameters: ScryptParameters = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, parameters, KEY_BYTES);
  return ['scrypt', parameters.N, parameters.r, parameters.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const STORED_HASH = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([\w-]{16,})\$([\w-]{16,})$/;

/** Constant-time comparison; false for a malformed stored hash rather than an error. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = STORED_HASH.exec(stored);
  if (!match) return false;
  const parameters = { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  // Refuse absurd parameters rather than burn memory on a tampered row.
  if (parameters.N < 2 || parameters.N > 1 << 20 || (parameters.N & (parameters.N - 1)) !== 0 || parameters.r < 1 || parameters.p < 1) return false;
  const expected = Buffer.from(match[5], 'base64url');
  const key = await derive(password, Buffer.from(match[4], 'base64url'), parameters, expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password an account may be given: `{ valid, reason }`. */
export function validatePassword(password: string): { valid: boolean; reason?: string } {
  if (password.length < MIN_PASSWORD_LENGTH) return { valid: false, reason: `a password has at least ${MIN_PASSWORD_LENGTH} characters` };
  if (password.length > MAX_PASSWORD_LENGTH) return { valid: false, reason: `a password has at most ${MAX_PASSWORD_LENGTH} characters` };
  return { valid: true };
}

/** A fresh bearer secret (session id or API token), base64url of 32 random bytes. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of a secret: its SHA-256, hex. A leaked table then opens no door. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Bearer secrets as newSecret makes them; anything else is refused before a lookup. */
export function looksLikeSecret(value: string): boolean {
  return /^[\w-]{43}$/.test(value);
}
