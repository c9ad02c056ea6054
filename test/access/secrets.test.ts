import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { hashPassword, looksLikeSecret, newSecret, secretHash, validatePassword, verifyPassword } from '../../server/access/secrets.ts';
import { TEST_SCRYPT } from './helpers.ts';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', TEST_SCRYPT);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('keeps the parameters and a per-hash salt with the hash', async () => {
    const first = await hashPassword('same password here', TEST_SCRYPT);
    const second = await hashPassword('same password here', TEST_SCRYPT);
    expect(first).not.toBe(second);
    const [scheme, n, r, p, salt, key] = first.split('$');
    expect({ scheme, n, r, p }).toEqual({ scheme: 'scrypt', n: '1024', r: '8', p: '1' });
    expect(Buffer.from(salt, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    // Verification reads the stored parameters: a hash made with others still verifies.
    const stronger = await hashPassword('same password here', { N: 2048, r: 8, p: 1 });
    expect(await verifyPassword('same password here', stronger)).toBe(true);
  });

  it('treats Unicode equivalents alike (NFC) and refuses malformed or tampered hashes', async () => {
    const stored = await hashPassword('网格员密码é123', TEST_SCRYPT);
    expect(await verifyPassword('网格员密码e\u0301123', stored)).toBe(true);
    expect(await verifyPassword('x', 'not a hash')).toBe(false);
    expect(await verifyPassword('x', stored.replace('$1024$', '$1000$'))).toBe(false);
    expect(await verifyPassword('x', stored.replace('$1024$', '$1073741824$'))).toBe(false);
  });

  it('asks for a password of reasonable length', () => {
    expect(validatePassword('short').valid).toBe(false);
    expect(validatePassword('long enough password').valid).toBe(true);
    expect(validatePassword('x'.repeat(2000)).valid).toBe(false);
  });
});

describe('bearer secrets', () => {
  it('are 32 random bytes, stored only as their SHA-256', () => {
    const secret = newSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(looksLikeSecret(secret)).toBe(true);
    expect(newSecret()).not.toBe(secret);
    expect(secretHash(secret)).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(looksLikeSecret('abc')).toBe(false);
    expect(looksLikeSecret(`${secret}=`)).toBe(false);
  });
});
