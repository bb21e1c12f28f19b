"""Test driver for JoseInteropTests: the documented reader, and a writer with jwcrypto, over stdin and stdout.

  python3 jwcrypto_cli.py read  <encrypted|signed> <key>        stdin: {"cookie name": "value", ...}  stdout: {"key": "hex", ...}
  python3 jwcrypto_cli.py write <encrypted|signed> <key> <kid>  stdin: {"key": "utf-8 text", ...}     stdout: the token
"""
import base64, json, sys, time, uuid
from jwcrypto import jwk, jwt
from read_session import read_session

command, mode, key = sys.argv[1:4]
signed = mode == 'signed'
values = json.load(sys.stdin)
if command == 'read':
    print(json.dumps({k: v.hex() for k, v in read_session(values, key, signed=signed).items()}), end='')
elif command == 'write':
    now = int(time.time())
    data = {k: base64.urlsafe_b64encode(v.encode()).decode().rstrip('=') for k, v in values.items()}
    claims = {'sid': str(uuid.uuid4()), 'iat': now, 'exp': now + 1200, 'aud': 'CookieState', 'cs_created': now, 'data': data}
    header = {'alg': 'HS256', 'kid': sys.argv[4]} if signed else {'alg': 'dir', 'enc': 'A256CBC-HS512', 'kid': sys.argv[4]}
    token = jwt.JWT(header=header, claims=claims)
    token.make_signed_token(jwk.JWK(kty='oct', k=key)) if signed else token.make_encrypted_token(jwk.JWK(kty='oct', k=key))
    print(token.serialize(), end='')
else:
    sys.exit(f'Unknown command {command}')
