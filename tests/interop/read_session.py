import base64, json, re
from jwcrypto import jwk, jwt

# cookies: {name: value} as the request carries them; key: the base64url secret (64 bytes, or 32+ in signed mode).
def read_session(cookies, key, name='.CookieState', signed=False):
    token = cookies[name]
    if token[0].isdigit():  # chunked: "{count}.{tag}.{data}" in name, "{index}.{tag}.{data}" in nameC2, nameC3, ...
        count = int(token.split('.')[0])
        token = ''.join(re.sub(r'^\d+\.[\w-]{8}\.', '', cookies[name if i == 1 else f'{name}C{i}']) for i in range(1, count + 1))
    algs = ['HS256'] if signed else ['dir', 'A256CBC-HS512']
    claims = json.loads(jwt.JWT(jwt=token, key=jwk.JWK(kty='oct', k=key), algs=algs, check_claims={'aud': 'CookieState'}).claims)
    return {k: base64.urlsafe_b64decode(v + '=' * (-len(v) % 4)) for k, v in claims['data'].items()}
