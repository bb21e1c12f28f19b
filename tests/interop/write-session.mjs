import { EncryptJWT, SignJWT, base64url } from 'jose';

// values: { key: Uint8Array or string }; the token is the cookie value as it is when it fits one cookie (about 2 KB of state).
export async function writeSession(values, key, kid, { signed = false, idleSeconds = 1200 } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const data = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, base64url.encode(v)]));
  const jwt = (signed ? new SignJWT({ sid: crypto.randomUUID(), cs_created: now, data }) : new EncryptJWT({ sid: crypto.randomUUID(), cs_created: now, data }))
    .setProtectedHeader(signed ? { alg: 'HS256', kid } : { alg: 'dir', enc: 'A256CBC-HS512', kid })
    .setIssuedAt(now).setExpirationTime(now + idleSeconds).setAudience('CookieState');
  return signed ? jwt.sign(key) : jwt.encrypt(key);
}
