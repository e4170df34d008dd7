import { describe, expect, it } from 'vitest';
import { readCookies, serializeCookie } from './cookies.ts';

describe('cookies', () => {
  it('reads the first value of each cookie and skips malformed ones', () => {
    const cookies = readCookies('a=1; b=x%20y; a=2; broken; c=%E0%A4%A');
    expect([...cookies]).toEqual([
      ['a', '1'],
      ['b', 'x y'],
    ]);
    expect(readCookies(undefined).size).toBe(0);
  });

  it('writes Strict, path-wide cookies with the flags asked for', () => {
    expect(serializeCookie('s', 'v w', { httpOnly: true, secure: true, maxAge: 60 })).toBe('s=v%20w; Path=/; SameSite=Strict; Max-Age=60; HttpOnly; Secure');
    expect(serializeCookie('s', '', { httpOnly: false, secure: false, maxAge: 0 })).toBe('s=; Path=/; SameSite=Strict; Max-Age=0');
  });

  it('writes a Lax cookie limited to a path when asked (the OAuth callback binding)', () => {
    expect(serializeCookie('b', 'n', { httpOnly: true, secure: false, maxAge: 600, sameSite: 'Lax', path: '/api/v1/salesforce/oauth' })).toBe('b=n; Path=/api/v1/salesforce/oauth; SameSite=Lax; Max-Age=600; HttpOnly');
  });
});
