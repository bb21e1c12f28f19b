// Test driver for JoseInteropTests: the documented reader and writer, over stdin and stdout.
//   node jose-cli.mjs read  <encrypted|signed> <key>        stdin: {"cookie name": "value", …}  stdout: {"key": "hex", …}
//   node jose-cli.mjs write <encrypted|signed> <key> <kid>  stdin: {"key": "utf-8 text", …}     stdout: the token
import { base64url } from 'jose';
import { readSession } from './read-session.mjs';
import { writeSession } from './write-session.mjs';

const [command, mode, keyText, kid] = process.argv.slice(2);
const key = base64url.decode(keyText);
const signed = mode === 'signed';
const input = JSON.parse(await new Response(process.stdin).text());
if (command === 'read') {
  const values = await readSession(input, key, { signed });
  process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('hex')]))));
} else if (command === 'write') {
  process.stdout.write(await writeSession(input, key, kid, { signed }));
} else {
  throw new Error(`Unknown command ${command}`);
}
