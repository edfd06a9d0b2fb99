// Encodes and decodes MessagePack with the real notepack.io, for the Msgpack tests in SocketIO.Core.Tests.
// stdin: {"encode":[{"v":<tagged value>,"with":2|3}], "decode":["<hex>"]}
// stdout: {"encoded":["<hex>" | {"error":"..."}], "decoded":[{"json":"...","attachments":["<hex>"]} | {"error":"..."}]}
// Tagged values: ["nil"] ["undef"] ["bool",b] ["num","<Number() text>"] ["str",s] ["bin","<hex>"] ["ab","<hex>"]
// ["date",ms] ["arr",[...]] ["map",[["key",value],...]] ["json","<json text>",["<hex>",...]]
'use strict';

const path = require('path');

// Each notepack.io as the package that uses it resolves it, wherever npm placed it.
function notepackOf(user, major) {
  const from = path.dirname(require.resolve(user + '/package.json'));
  const root = path.dirname(require.resolve('notepack.io/package.json', { paths: [from] }));
  const version = require(path.join(root, 'package.json')).version;
  if (!version.startsWith(major + '.')) throw new Error(`${user} uses notepack.io ${version}, expected ${major}.x`);
  return require(root);
}

const notepack3 = notepackOf('@socket.io/redis-adapter', 3);
const notepack2 = notepackOf('socket.io-msgpack-parser', 2);

function build(tagged) {
  const [kind, a, b] = tagged;
  switch (kind) {
    case 'nil': return null;
    case 'undef': return undefined;
    case 'bool': return a;
    case 'num': return Number(a);
    case 'str': return a;
    case 'bin': return Buffer.from(a, 'hex');
    case 'ab': return new Uint8Array(Buffer.from(a, 'hex')).buffer;
    case 'date': return new Date(a);
    case 'arr': return a.map(build);
    case 'map': {
      const o = {};
      for (const [k, v] of a) o[k] = build(v);
      return o;
    }
    case 'json': return reconstruct(JSON.parse(a), b.map((h) => Buffer.from(h, 'hex')));
    default: throw new Error('unknown tag ' + kind);
  }
}

// As socket.io-parser's reconstructPacket: placeholders become the attachments they name.
function reconstruct(v, buffers) {
  if (Array.isArray(v)) return v.map((x) => reconstruct(x, buffers));
  if (v && typeof v === 'object') {
    if (v._placeholder === true) {
      if (typeof v.num !== 'number' || v.num < 0 || v.num >= buffers.length) throw new Error('illegal attachments');
      return buffers[v.num];
    }
    for (const k of Object.keys(v)) v[k] = reconstruct(v[k], buffers);
  }
  return v;
}

// As socket.io-parser's deconstructPacket: binary becomes placeholders, its bytes the attachments.
function deconstruct(v, attachments) {
  if (Buffer.isBuffer(v) || v instanceof ArrayBuffer) {
    attachments.push(Buffer.from(v).toString('hex'));
    return { _placeholder: true, num: attachments.length - 1 };
  }
  if (Array.isArray(v)) return v.map((x) => deconstruct(x, attachments));
  if (v instanceof Date) return v;
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v)) o[k] = deconstruct(v[k], attachments);
    return o;
  }
  return v;
}

function attempt(fn) {
  try {
    return fn();
  } catch (e) {
    return { error: String(e && e.message || e) };
  }
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const request = JSON.parse(input);
  const encoded = (request.encode || []).map((c) => attempt(() => {
    const encode = c.with === 2 ? notepack2.encode : notepack3.encode;
    return Buffer.from(encode(build(c.v))).toString('hex');
  }));
  const decoded = (request.decode || []).map((hex) => attempt(() => {
    const attachments = [];
    const value = deconstruct(notepack3.decode(Buffer.from(hex, 'hex')), attachments);
    const json = JSON.stringify(value);
    return { json: json === undefined ? 'null' : json, attachments };
  }));
  process.stdout.write(JSON.stringify({ encoded, decoded }) + '\n');
});
