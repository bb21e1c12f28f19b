import { jwtDecrypt, jwtVerify, base64url } from 'jose';

// cookies: { name: value } as the request carries them; key: the 64-byte secret (32+ bytes in signed mode).
export async function readSession(cookies, key, { name = '.CookieState', signed = false } = {}) {
  let token = cookies[name];
  if (/^\d/.test(token)) { // chunked: "{count}.{tag}.{data}" in name, "{index}.{tag}.{data}" in nameC2, nameC3, …
    token = Array.from({ length: parseInt(token, 10) }, (_, i) => cookies[i ? `${name}C${i + 1}` : name].replace(/^\d+\.[\w-]{8}\./, '')).join('');
  }
  const { payload } = signed
    ? await jwtVerify(token, key, { algorithms: ['HS256'], audience: 'CookieState' })
    : await jwtDecrypt(token, key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256CBC-HS512'], audience: 'CookieState' });
  return Object.fromEntries(Object.entries(payload.data).map(([k, v]) => [k, base64url.decode(v)]));
}
