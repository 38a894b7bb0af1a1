// The official NATS JavaScript client as a second, independent client for jetsnap's integration
// tests (driven by it-tests' JsClient.java). One subcommand per run:
//
//   node jsclient.mjs <command> < request.json > answer.json
//
// The request is one JSON object on stdin, always with "url" (nats://127.0.0.1:port); the answer
// is one JSON object on stdout. Byte strings (payloads, header blocks) are base64 both ways. Any
// failure the request did not ask for exits 1 with the reason on stderr; an operation marked
// "expectError": true reports its error in the answer instead (and fails if it succeeds);
// "mayFail": true reports an error in the answer and a success as usual.
//
// Commands:
//   stream    {config} -> {config, state}          (creates the stream with the server's JSON)
//   consumer  {stream, config} -> consumer info    (creates or updates a consumer)
//   publish   {messages: [{subject, data?, headers?: [[name, value], ...], rawHeaders?,
//              jetstream? (default true), msgID?, expect?: {lastSequence, lastMsgID,
//              lastSubjectSequence, streamName}, ttl?, expectError?, mayFail?}]}
//             -> {acks: [{stream, seq, duplicate} | {error, code} | null (core publish)]}
//   dump      {stream, deleted?} -> {info, messages: [{seq, subject, hdrs, data, time, headers}],
//              consumers: [info...]}    (every message through STREAM.MSG.GET, as stored)
//   info      {stream, deleted?} -> {config, state}
//   consumers {stream} -> {consumers: [info...]}
//   next      {stream, consumer, count, upToPending?, ack?: K | "all" | "none", expiresMs?}
//             -> {delivered: [{seq, consumerSeq, subject, deliveryCount, redelivered, pending, data,
//              acked}], info}    (pull or push, from the consumer's deliver_subject; the first K
//              are acknowledged as they come; upToPending asks for at most num_pending +
//              num_ack_pending, read from the consumer's info first)
//   delete    {stream, seq, erase?, mayFail?} -> {}           (STREAM.MSG.DELETE)
//   purge     {stream, filter?, seq?, keep?, mayFail?} -> {purged}
//   batch     {commands: [{command, ...request}], parallel?} -> {answers: [...]}
//             (several commands over one connection, in order or all at once)
//   kv        {bucket, ops: [{op, ...}]} -> {results: [...]}, ops: bucket (create, with
//              options), put, create, update, delete, purge, get, history, keys, watch, status
//   obj       {bucket, ops: [{op, ...}]} -> {results: [...]}, ops: bucket, put, get, info, list,
//              delete, link (name, target: an object of the same bucket), status
//
// What the JS client itself puts on the wire for headers (nats-core 3.4.0, MsgHdrsImpl and
// protocol.publish), which is why "rawHeaders" exists for anything else:
//   - each value is written as "Name: value" (one space after the colon);
//   - values are trimmed: leading and trailing spaces never reach the server;
//   - values are UTF-8 (TextEncoder); names must be printable ASCII without ':' and keep their case;
//   - duplicate names are kept, but grouped: [A,1],[B,2],[A,3] goes out as A:1, A:3, B:2;
//   - an empty headers() object is sent as HPUB with a header length of 0 (no "NATS/1.0" block at
//     all), and a JetStream publish always sends HPUB, even with no headers.
// A raw header block is sent byte for byte over a plain TCP socket with HPUB, so the server stores
// exactly those bytes (whatever it accepts).

import { connect, headers as newHeaders } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, AckPolicy } from "@nats-io/jetstream";
import { Kvm, KvWatchInclude } from "@nats-io/kv";
import { Objm } from "@nats-io/obj";
import net from "node:net";

const b64 = (bytes) => Buffer.from(bytes ?? new Uint8Array(0)).toString("base64");
const unb64 = (s) => new Uint8Array(Buffer.from(s ?? "", "base64"));

function fail(message) {
  process.stderr.write(`jsclient: ${message}\n`);
  process.exit(1);
}

function errorOf(err) {
  const out = { error: err?.message ?? String(err) };
  if (typeof err?.code === "number" || typeof err?.code === "string") {
    out.code = err.code;
  }
  return out;
}

// Runs one operation: an error fails the run unless the operation expects one.
async function attempt(what, op, fn) {
  try {
    const result = await fn();
    if (op.expectError) {
      throw new Error(`${what} was expected to fail but succeeded: ${JSON.stringify(result)}`);
    }
    return result;
  } catch (err) {
    if ((op.expectError || op.mayFail) && !String(err?.message).includes("was expected to fail")) {
      return errorOf(err);
    }
    throw new Error(`${what} failed: ${err?.message ?? err}`, { cause: err });
  }
}

function headersOf(pairs) {
  const h = newHeaders();
  for (const [name, value] of pairs) {
    h.append(name, value);
  }
  return h;
}

function pairsOf(h) {
  const out = [];
  if (!h) {
    return out;
  }
  for (const [name, values] of h) {
    for (const v of values) {
      out.push([name, v]);
    }
  }
  return out;
}

// A bare NATS connection for publishing header blocks byte for byte (HPUB), with a reply inbox
// for JetStream acks.
class RawConnection {
  #socket;
  #buffer = Buffer.alloc(0);
  #waiters = [];
  #inbox = `_INBOX.jsclient_raw_${process.pid}_${Date.now()}`;
  #next = 0;
  #greeted = false;

  static async open(url) {
    const u = new URL(url.replace(/^nats:/, "http:"));
    const raw = new RawConnection();
    raw.#socket = net.createConnection({ host: u.hostname, port: Number(u.port || 4222) });
    raw.#socket.setNoDelay(true);
    raw.#socket.on("data", (chunk) => raw.#onData(chunk));
    raw.#socket.on("error", (err) => raw.#failAll(err));
    const info = await raw.#nextFrame();
    if (info.op !== "INFO") {
      throw new Error(`raw connection: expected INFO, got ${info.op}`);
    }
    raw.#write(`CONNECT {"verbose":false,"pedantic":false,"headers":true,"no_responders":true,"protocol":1}\r\n`);
    raw.#write(`SUB ${raw.#inbox}.* 1\r\n`);
    await raw.ping();
    return raw;
  }

  #write(s) {
    this.#socket.write(s);
  }

  async ping() {
    this.#write("PING\r\n");
    const f = await this.#nextFrame();
    if (f.op !== "PONG") {
      throw new Error(`raw connection: expected PONG, got ${f.op} ${f.line ?? ""}`);
    }
  }

  // Publishes; with ack, waits for the reply (a JetStream ack or a no-responders status).
  async publish(subject, headerBlock, data, ack) {
    const reply = ack ? `${this.#inbox}.${this.#next++}` : "";
    const total = headerBlock.length + data.length;
    this.#write(`HPUB ${subject}${reply ? " " + reply : ""} ${headerBlock.length} ${total}\r\n`);
    this.#socket.write(Buffer.concat([Buffer.from(headerBlock), Buffer.from(data), Buffer.from("\r\n")]));
    if (!ack) {
      await this.ping();
      return null;
    }
    const f = await this.#nextFrame();
    if (f.op !== "MSG" && f.op !== "HMSG") {
      throw new Error(`raw publish on ${subject}: expected a reply, got ${f.op} ${f.line ?? ""}`);
    }
    if (f.op === "HMSG" && f.payload.length === 0) {
      throw new Error(`raw publish on ${subject}: ${f.headers.toString().split("\r\n")[0]} (no stream listens?)`);
    }
    return JSON.parse(f.payload.toString("utf8"));
  }

  close() {
    this.#socket.end();
  }

  #nextFrame() {
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#drain();
    });
  }

  #failAll(err) {
    for (const w of this.#waiters.splice(0)) {
      w.reject(err);
    }
  }

  #onData(chunk) {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    this.#drain();
  }

  // Parses whole frames from the buffer and hands them to waiters; answers PINGs itself.
  #drain() {
    for (;;) {
      const eol = this.#buffer.indexOf("\r\n");
      if (eol < 0) {
        return;
      }
      const line = this.#buffer.subarray(0, eol).toString("utf8");
      const parts = line.split(" ");
      const op = parts[0].toUpperCase();
      let frame;
      let used = eol + 2;
      if (op === "MSG" || op === "HMSG") {
        const total = Number(parts[parts.length - 1]);
        const hlen = op === "HMSG" ? Number(parts[parts.length - 2]) : 0;
        if (this.#buffer.length < used + total + 2) {
          return;
        }
        const body = this.#buffer.subarray(used, used + total);
        frame = { op, line, headers: body.subarray(0, hlen), payload: Buffer.from(body.subarray(hlen)) };
        used += total + 2;
      } else if (op === "PING") {
        this.#buffer = this.#buffer.subarray(used);
        this.#write("PONG\r\n");
        continue;
      } else if (op === "INFO" && this.#greeted) {
        // newer servers send INFO again after CONNECT (connect_info): nothing to answer
        this.#buffer = this.#buffer.subarray(used);
        continue;
      } else if (op === "+OK") {
        this.#buffer = this.#buffer.subarray(used);
        continue;
      } else if (op === "-ERR") {
        this.#buffer = this.#buffer.subarray(used);
        this.#failAll(new Error(`server: ${line}`));
        continue;
      } else {
        frame = { op, line };
      }
      const w = this.#waiters.shift();
      if (!w) {
        return;
      }
      this.#buffer = this.#buffer.subarray(used);
      this.#greeted = this.#greeted || op === "INFO";
      w.resolve(frame);
    }
  }
}

async function publish(nc, req) {
  const js = jetstream(nc);
  let raw = null;
  const acks = [];
  try {
    for (const [i, m] of (req.messages ?? []).entries()) {
      const data = unb64(m.data);
      const isJs = m.jetstream !== false;
      const what = `publish #${i} on ${m.subject}`;
      if (m.rawHeaders !== undefined && m.rawHeaders !== null) {
        raw = raw ?? (await RawConnection.open(req.url));
        acks.push(await attempt(what, m, async () => {
          const ack = await raw.publish(m.subject, unb64(m.rawHeaders), data, isJs);
          if (ack?.error) {
            const e = new Error(ack.error.description);
            e.code = ack.error.err_code;
            throw e;
          }
          return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate ?? false };
        }));
      } else if (isJs) {
        const opts = {};
        if (m.headers) opts.headers = headersOf(m.headers);
        if (m.msgID) opts.msgID = m.msgID;
        if (m.expect) opts.expect = m.expect;
        if (m.ttl) opts.ttl = m.ttl;
        acks.push(await attempt(what, m, async () => {
          const pa = await js.publish(m.subject, data, opts);
          return { stream: pa.stream, seq: pa.seq, duplicate: pa.duplicate };
        }));
      } else {
        const opts = m.headers ? { headers: headersOf(m.headers) } : {};
        nc.publish(m.subject, data, opts);
        await nc.flush();
        acks.push(null);
      }
    }
  } finally {
    raw?.close();
  }
  return { acks };
}

async function streamInfo(jsm, req) {
  const si = await jsm.streams.info(req.stream, req.deleted ? { deleted_details: true } : undefined);
  return { config: si.config, state: si.state };
}

async function consumerInfos(jsm, stream) {
  const out = [];
  for await (const ci of jsm.consumers.list(stream)) {
    out.push(ci);
  }
  out.sort((a, b) => a.name.localeCompare(b.name));
  return out;
}

async function dump(nc, req) {
  const jsm = await jetstreamManager(nc);
  const info = await streamInfo(jsm, req);
  const messages = [];
  if (info.state.messages > 0) {
    let seq = info.state.first_seq;
    while (seq <= info.state.last_seq) {
      const sm = await jsm.streams.getMessage(req.stream, { seq, next_by_subj: ">" });
      if (sm === null) {
        break;
      }
      messages.push({
        seq: sm.seq,
        subject: sm.subject,
        // the exact header bytes the server returned, or null when the message has none
        hdrs: sm.smr.message.hdrs ?? null,
        data: sm.smr.message.data ?? "",
        time: sm.timestamp,
        headers: pairsOf(sm.header),
      });
      seq = sm.seq + 1;
    }
  }
  return { info, messages, consumers: await consumerInfos(jsm, req.stream) };
}

async function next(nc, req) {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const expires = req.expiresMs ?? 2000;
  const ci = await jsm.consumers.info(req.stream, req.consumer);
  let count = req.count ?? 1;
  if (req.upToPending) {
    // no more than the consumer has to give, so that the fetch ends without waiting for its expiry
    count = Math.min(count, ci.num_pending + ci.num_ack_pending);
  }
  const ackable = ci.config.ack_policy !== AckPolicy.None;
  const ackCount = req.ack === "all" ? Infinity : req.ack === "none" || req.ack === undefined ? 0 : Number(req.ack);
  const delivered = [];
  // acknowledged as they come, so that none waits for the rest of the batch past its ack wait
  const take = async (m) => {
    const acked = ackable && delivered.length < ackCount;
    if (acked) {
      await m.ackAck();
    }
    delivered.push({
      seq: m.info.streamSequence,
      consumerSeq: m.info.deliverySequence,
      subject: m.subject,
      deliveryCount: m.info.deliveryCount,
      redelivered: m.redelivered,
      pending: m.info.pending,
      data: b64(m.data),
      acked,
    });
  };
  if (count <= 0) {
    // nothing asked for
  } else if (typeof ci.config.deliver_subject === "string") {
    const pc = await js.consumers.getPushConsumer(req.stream, req.consumer);
    const iter = await pc.consume();
    const timer = setTimeout(() => iter.stop(), expires);
    for await (const m of iter) {
      await take(m);
      if (delivered.length >= count) {
        break;
      }
    }
    clearTimeout(timer);
    iter.stop();
  } else {
    const c = await js.consumers.get(req.stream, req.consumer);
    const iter = await c.fetch({ max_messages: count, expires });
    for await (const m of iter) {
      await take(m);
    }
  }
  return { delivered, info: await jsm.consumers.info(req.stream, req.consumer) };
}

function kvEntry(e) {
  if (!e) {
    return null;
  }
  return {
    key: e.key,
    revision: e.revision,
    operation: e.operation,
    value: b64(e.value),
    created: e.created?.toISOString?.() ?? null,
    delta: e.delta ?? null,
    isUpdate: e.isUpdate ?? null,
  };
}

async function collect(iter, idleMs, stopWhen = () => false) {
  const out = [];
  let timer = setTimeout(() => iter.stop(), idleMs);
  for await (const e of iter) {
    clearTimeout(timer);
    out.push(e);
    if (stopWhen(e)) {
      break;
    }
    timer = setTimeout(() => iter.stop(), idleMs);
  }
  clearTimeout(timer);
  iter.stop();
  return out;
}

const INCLUDE = { all: KvWatchInclude.AllHistory, last: KvWatchInclude.LastValue, updates: KvWatchInclude.UpdatesOnly };

// Runs a bucket's operations in order, each through attempt(); one result per operation.
async function eachOp(what, req, run) {
  const results = [];
  for (const [i, op] of (req.ops ?? []).entries()) {
    const on = op.key ?? op.name;
    results.push(await attempt(`${what} ${req.bucket} op #${i} ${op.op}${on ? " " + on : ""}`, op, () => run(op)));
  }
  return { results };
}

async function kv(nc, req) {
  const kvm = new Kvm(nc);
  let bucket = null;
  const open = async () => (bucket = bucket ?? (await kvm.open(req.bucket)));
  return eachOp("kv", req, async (op) => {
    switch (op.op) {
      case "bucket":
        bucket = await kvm.create(req.bucket, op.options ?? {});
        return (await bucket.status()).streamInfo.config;
      case "put":
        return { revision: await (await open()).put(op.key, unb64(op.value)) };
      case "create":
        return { revision: await (await open()).create(op.key, unb64(op.value)) };
      case "update":
        return { revision: await (await open()).update(op.key, unb64(op.value), op.revision) };
      case "delete":
        await (await open()).delete(op.key, op.previousRevision ? { previousSeq: op.previousRevision } : undefined);
        return {};
      case "purge":
        await (await open()).purge(op.key);
        return {};
      case "get":
        return { entry: kvEntry(await (await open()).get(op.key, op.revision ? { revision: op.revision } : undefined)) };
      case "history": {
        const iter = await (await open()).history(op.key ? { key: op.key } : {});
        const entries = [];
        for await (const e of iter) {
          entries.push(kvEntry(e));
        }
        return { entries };
      }
      case "keys": {
        const keys = [];
        for await (const k of await (await open()).keys(op.filter ?? ">")) {
          keys.push(k);
        }
        return { keys: keys.sort() };
      }
      case "watch": {
        // from the start (all history unless "include" says otherwise), until the initial
        // content was seen (the entry with delta 0) or nothing came for idleMs
        const iter = await (await open()).watch({ key: op.key ?? ">", include: INCLUDE[op.include ?? "all"] });
        const seen = await collect(iter, op.idleMs ?? 1000, (e) => op.include !== "updates" && e.delta === 0);
        return { entries: seen.map(kvEntry) };
      }
      case "status": {
        const s = await (await open()).status();
        return { bucket: s.bucket, values: s.values, history: s.history, config: s.streamInfo.config };
      }
      default:
        throw new Error(`unknown kv op "${op.op}"`);
    }
  });
}

function objInfo(info) {
  if (!info) {
    return null;
  }
  const { name, description, headers, options, bucket, nuid, size, chunks, digest, deleted, mtime, metadata } = info;
  return { name, description: description ?? null, headers: headers ?? null, options: options ?? null, bucket, nuid, size, chunks, digest, deleted: deleted ?? false, mtime, metadata: metadata ?? null };
}

async function obj(nc, req) {
  const objm = new Objm(nc);
  let store = null;
  const open = async () => (store = store ?? (await objm.open(req.bucket)));
  return eachOp("obj", req, async (op) => {
    switch (op.op) {
      case "bucket":
        store = await objm.create(req.bucket, op.options ?? {});
        return { created: true };
      case "put": {
        const meta = { name: op.name };
        if (op.description) meta.description = op.description;
        if (op.chunkSize) meta.options = { max_chunk_size: op.chunkSize };
        return { info: objInfo(await (await open()).putBlob(meta, unb64(op.data))) };
      }
      case "get": {
        const bytes = await (await open()).getBlob(op.name);
        return { data: bytes === null ? null : b64(bytes) };
      }
      case "info":
        return { info: objInfo(await (await open()).info(op.name)) };
      case "list":
        return { infos: (await (await open()).list()).map(objInfo).sort((a, b) => a.name.localeCompare(b.name)) };
      case "delete":
        await (await open()).delete(op.name);
        return {};
      case "link": {
        // a link named op.name to object op.target of this bucket
        const os = await open();
        return { info: objInfo(await os.link(op.name, await os.info(op.target))) };
      }
      case "status": {
        const s = await (await open()).status();
        return { bucket: s.bucket, size: s.size, sealed: s.sealed, config: s.streamInfo.config };
      }
      default:
        throw new Error(`unknown obj op "${op.op}"`);
    }
  });
}

const COMMANDS = {
  stream: async (nc, req) => {
    const si = await (await jetstreamManager(nc)).streams.add(req.config);
    return { config: si.config, state: si.state };
  },
  consumer: async (nc, req) => (await jetstreamManager(nc)).consumers.add(req.stream, req.config),
  publish,
  dump,
  info: async (nc, req) => streamInfo(await jetstreamManager(nc), req),
  consumers: async (nc, req) => ({ consumers: await consumerInfos(await jetstreamManager(nc), req.stream) }),
  next,
  delete: async (nc, req) => attempt(`delete ${req.stream} #${req.seq}`, req, async () => {
    await (await jetstreamManager(nc)).streams.deleteMessage(req.stream, req.seq, req.erase ?? false);
    return {};
  }),
  purge: async (nc, req) => attempt(`purge ${req.stream}`, req, async () => {
    const opts = {};
    for (const k of ["filter", "seq", "keep"]) {
      if (req[k] !== undefined) opts[k] = req[k];
    }
    const r = await (await jetstreamManager(nc)).streams.purge(req.stream, opts);
    return { purged: r.purged };
  }),
  batch: async (nc, req) => {
    const one = (c) => {
      const run = COMMANDS[c.command];
      if (!run) {
        throw new Error(`unknown command "${c.command}" in a batch`);
      }
      return run(nc, { ...c, url: req.url });
    };
    const commands = req.commands ?? [];
    if (req.parallel) {
      return { answers: await Promise.all(commands.map(one)) };
    }
    const answers = [];
    for (const c of commands) {
      answers.push(await one(c));
    }
    return { answers };
  },
  kv,
  obj,
};

async function readStdin() {
  const chunks = [];
  for await (const c of process.stdin) {
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function main() {
  const command = process.argv[2];
  const run = COMMANDS[command];
  if (!run) {
    fail(`unknown command "${command}"; one of: ${Object.keys(COMMANDS).join(", ")}`);
  }
  let req;
  try {
    req = JSON.parse(await readStdin());
  } catch (err) {
    fail(`the request on stdin is not JSON: ${err.message}`);
  }
  if (!req.url) {
    fail("the request has no \"url\"");
  }
  const nc = await connect({ servers: req.url, name: `jetsnap-it-jsclient-${command}` });
  try {
    const answer = await run(nc, req);
    process.stdout.write(JSON.stringify(answer));
  } finally {
    await nc.close();
  }
}

main().catch((err) => fail(err?.stack ?? String(err)));
