// Node runner of the benchmark (protocol: bench/README.md).
//
// Started by `forumpay-bench` with the emulator's address, credentials, a payment and the sizes
// in FORUMPAY_BENCH_* variables; prints one JSON line per client on stdout. The baseline is what
// a shop writes by hand: the built-in `fetch` (undici, keep-alive by default) and JSON.parse,
// amounts kept as the strings the API sends (JavaScript has no decimal type). Before it, a floor:
// the same call over a bare `node:net` socket.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const RUST = 'forumpay::Client (Rust)';
const RUST_DECODE = 'forumpay::TransactionPage (Rust)';
const env = (name) => process.env[`FORUMPAY_BENCH_${name}`];
const [WARMUP, SEQUENTIAL, CONCURRENT, CONCURRENCY, DECODES] =
  ['WARMUP', 'SEQUENTIAL', 'CONCURRENT', 'CONCURRENCY', 'DECODES'].map((k) => Number(env(k)));
const params = new URLSearchParams({
  pos_id: env('POS_ID'), currency: env('CURRENCY'), payment_id: env('PAYMENT_ID'),
  address: env('ADDRESS'), locale: env('LOCALE'),
});
const URL_CHECK = `${env('BASE_URL')}CheckPayment/?${params}`;
// A full GetTransactions page (50 records, the API's maximum), a quarter as many times as
// CheckPayment: each brings 40 kB.
const PAGE_RECORDS = 50;
const PAGE_CALLS = Math.max(1, Math.floor(SEQUENTIAL / 4));
const URL_PAGE = `${env('BASE_URL')}GetTransactions/?limit=${PAGE_RECORDS}&offset=0`;
const AUTHORIZATION = `Basic ${Buffer.from(`${env('API_USER')}:${env('API_SECRET')}`).toString('base64')}`;

function emit(client, compareTo, results) {
  process.stdout.write(`${JSON.stringify({ client, compare_to: compareTo, ...results })}\n`);
}

function figures(latencies, seconds, cpuMicros) {
  latencies.sort((a, b) => a - b);
  const rank = (p) => latencies[Math.max(0, Math.min(latencies.length, Math.ceil((latencies.length * p) / 100)) - 1)];
  return { ops: latencies.length, seconds, cpu_seconds: cpuMicros / 1e6, p50_us: rank(50) * 1e3, p99_us: rank(99) * 1e3 };
}

const cpuNow = () => { const u = process.cpuUsage(); return u.user + u.system; };

async function sequential(call, times = SEQUENTIAL, warmup = WARMUP) {
  for (let i = 0; i < warmup; i++) await call();
  const latencies = [];
  const cpu = cpuNow();
  const start = performance.now();
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await call();
    latencies.push(performance.now() - t);
  }
  return figures(latencies, (performance.now() - start) / 1e3, cpuNow() - cpu);
}

async function concurrent(call) {
  const run = async (total) => {
    let left = total;
    const latencies = [];
    const worker = async () => {
      while (left > 0) {
        left -= 1;
        const t = performance.now();
        await call();
        latencies.push(performance.now() - t);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return latencies;
  };
  await run(Math.max(WARMUP, CONCURRENCY));
  const cpu = cpuNow();
  const start = performance.now();
  const latencies = await run(CONCURRENT);
  return figures(latencies, (performance.now() - start) / 1e3, cpuNow() - cpu);
}

// The bench's probe (FORUMPAY_BENCH_PROBE): times the Rust client in a child process against the
// same emulator, in rounds alternating with a client's own (see `besideRust`).
const PROBE = process.env.FORUMPAY_BENCH_PROBE;
const BESIDE_ROUNDS = 5;

// Wall seconds of `count` sequential calls of the Rust client (the probe, after its warm-up).
function rustSeconds(count) {
  const out = execFileSync(PROBE, ['icount-probe', 'calls', 'rust', '1', String(count)], { encoding: 'utf8' });
  return Number(/seconds (\S+)/.exec(out)[1]);
}

// SEQUENTIAL calls of `call` and as many of the Rust client, in BESIDE_ROUNDS alternating
// rounds: a change of load on the shared machine hits both alike, where the client's own row and
// the Rust client's are measured minutes apart. [our figures, the Rust client's]
async function besideRust(call) {
  const count = Math.max(1, Math.floor(SEQUENTIAL / BESIDE_ROUNDS));
  let ours = 0;
  let cpu = 0;
  let rust = 0;
  for (let round = 0; round < BESIDE_ROUNDS; round++) {
    const c = cpuNow();
    const t = performance.now();
    for (let i = 0; i < count; i++) await call();
    ours += (performance.now() - t) / 1e3;
    cpu += cpuNow() - c;
    rust += rustSeconds(count);
  }
  const ops = count * BESIDE_ROUNDS;
  return [{ ops, seconds: ours, cpu_seconds: cpu / 1e6 }, { ops, seconds: rust }];
}

// Both CheckPayment measurements of one client (and its page, if given) on one line; with
// `beside`, also its calls alternating with the Rust client's (two more lines:
// `CLIENT, beside Rust` and `forumpay::Client (Rust), beside CLIENT`).
async function measure(client, compareTo, call, pageCall, beside = false) {
  try {
    emit(client, compareTo, {
      sequential: await sequential(call),
      concurrent: await concurrent(call),
      page: pageCall ? await sequential(pageCall, PAGE_CALLS, Math.floor(WARMUP / 4)) : undefined,
    });
  } catch (e) {
    emit(client, compareTo, { not_measured: `${e.name}: ${e.message}`.slice(0, 200) });
    return;
  }
  if (!beside || !PROBE) return;
  const [name, rustName] = [`${client}, beside Rust`, `${RUST}, beside ${client}`];
  try {
    const [ours, rust] = await besideRust(call);
    emit(rustName, [], { sequential: rust });
    emit(name, [rustName], { sequential: ours });
  } catch (e) {
    emit(name, [rustName], { not_measured: `${e.name}: ${e.message}`.slice(0, 200) });
  }
}

// The least any Node program can spend per CheckPayment: the same GET written on a bare
// keep-alive `node:net` socket (no HTTP library), the answer read by content-length and its body
// through JSON.parse. The binding's targets are ratios to the Rust client; this row shows, in the
// same run, how much of that gap Node's event loop and sockets take with nothing of ours: no Node
// client, the binding included, can be faster. Like raw hyper, one connection per call in flight.
const BASE = new URL(env('BASE_URL'));
const FLOOR_REQUEST = `GET ${BASE.pathname}CheckPayment/?${params} HTTP/1.1\r\nhost: ${BASE.host}\r\n`
  + `authorization: ${AUTHORIZATION}\r\n\r\n`;
const floorIdle = []; // connections between calls, one per call in flight at most
let floorDone = false; // once the row is out, a connection coming back is closed, not kept

class FloorConnection {
  static open() {
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(BASE.port), BASE.hostname, () => {
        socket.off('error', reject);
        resolve(new FloorConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  constructor(socket) {
    this.socket = socket.setNoDelay(true);
    this.buffer = Buffer.alloc(0);
    this.head = null; // { status, start, end } of the answer once its head is in
    this.answer = null; // { resolve, reject } of the call in flight
    socket.on('data', (chunk) => this.received(chunk));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('the emulator closed the connection')));
  }

  // The answer's status and body (a string), once all of it is in.
  get() {
    if (this.socket.destroyed) return Promise.reject(new Error('the emulator closed the connection'));
    return new Promise((resolve, reject) => {
      this.answer = { resolve, reject };
      this.socket.write(FLOOR_REQUEST);
    });
  }

  received(chunk) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk; // an answer may come in pieces
    try {
      if (!this.head) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        this.head = FloorConnection.parseHead(this.buffer.toString('latin1', 0, end), end + 4);
      }
      const { status, start, end } = this.head;
      if (this.buffer.length < end) return;
      const body = this.buffer.toString('utf8', start, end);
      this.buffer = this.buffer.subarray(end);
      this.head = null;
      this.answer.resolve({ status, body });
    } catch (e) {
      this.fail(e);
    }
  }

  // Read by content-length: an answer without one (chunked, or ended by closing) is an error,
  // never a guess.
  static parseHead(head, start) {
    const [statusLine, ...lines] = head.split('\r\n');
    const headers = new Map(lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }));
    if (!headers.has('content-length') || headers.has('transfer-encoding')) {
      throw new Error(`the floor reads only answers with a content-length, not: ${head}`.slice(0, 200));
    }
    return { status: Number(statusLine.split(' ')[1]), start, end: start + Number(headers.get('content-length')) };
  }

  fail(e) {
    const answer = this.answer;
    this.answer = null;
    this.socket.destroy(); // of no further use (and an open socket would keep Node from exiting)
    if (answer) answer.reject(e);
  }
}

async function floorCall() {
  const connection = floorIdle.pop() ?? await FloorConnection.open();
  const { status, body } = await connection.get();
  if (floorDone) connection.socket.destroy(); else floorIdle.push(connection);
  if (status !== 200) throw new Error(`HTTP ${status}`);
  const data = JSON.parse(body);
  if (data === null || typeof data !== 'object' || data.err) throw new Error(`unexpected answer: ${body.slice(0, 200)}`);
  return data;
}

async function fetchCall() {
  const res = await fetch(URL_CHECK, { headers: { authorization: AUTHORIZATION } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  const data = JSON.parse(body);
  if (data === null || typeof data !== 'object' || data.err) throw new Error(`unexpected answer: ${body.slice(0, 200)}`);
  return data;
}

// The page as a shop would fetch it by hand: the body parsed, amounts left as the strings sent.
async function fetchPage() {
  const res = await fetch(URL_PAGE, { headers: { authorization: AUTHORIZATION } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  const records = JSON.parse(body).invoices;
  if (!Array.isArray(records) || records.length !== PAGE_RECORDS) throw new Error(`unexpected page: ${body.slice(0, 200)}`);
  return records;
}

// The page decoded from its bytes: by JSON.parse (the baseline, amounts left as strings) and,
// when the binding loads, through `decodeAnswer` into the typed objects `getTransactions` gives.
// The two take turns in rounds (as the Rust harness does), so a change of load hits both alike.
function decodes(forumpay) {
  const page = readFileSync(env('PAGE_FILE'));
  const parse = () => JSON.parse(page.toString('utf8')).invoices.length;
  let typed = () => forumpay.decodeAnswer('getTransactions', page).transactions.length;
  let why = forumpay.failed;
  try {
    if (!why && typed() !== PAGE_RECORDS) why = 'the page did not decode to 50 records';
  } catch (e) {
    why = `${e.name}: ${e.message}`.slice(0, 200);
  }
  if (why) typed = null;
  const runs = [parse, typed].filter(Boolean).map((decode) => ({ decode, latencies: [], wall: 0, cpu: 0 }));
  for (const run of runs) for (let i = 0; i < WARMUP; i++) run.decode();
  const ROUNDS = 10;
  for (let round = 0; round < ROUNDS; round++) {
    for (const run of runs) {
      const n = Math.floor(DECODES / ROUNDS) + (round < DECODES % ROUNDS ? 1 : 0);
      const cpu = cpuNow();
      const start = performance.now();
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        run.decode();
        run.latencies.push(performance.now() - t);
      }
      run.wall += performance.now() - start;
      run.cpu += cpuNow() - cpu;
    }
  }
  const [baseline, binding] = runs.map((r) => figures(r.latencies, r.wall / 1e3, r.cpu));
  emit('JSON.parse (Node)', [RUST_DECODE], { decode: baseline });
  emit('forumpay.decodeAnswer (Node)', ['JSON.parse (Node)', RUST_DECODE], { decode: why ? { not_measured: why } : binding });
}

// The Node binding (bindings-node/): FORUMPAY_NODE_BINDING names the package folder (`make
// bench` stages a release build in bench/node/.binding); else the installed `forumpay` package.
function loadBinding() {
  try {
    return createRequire(import.meta.url)(process.env.FORUMPAY_NODE_BINDING || 'forumpay');
  } catch (e) {
    return { failed: `binding not built (${e.code || e.message})` };
  }
}

async function binding(forumpay) {
  const name = 'forumpay (Node)';
  const compareTo = ['fetch (Node built-in)', RUST];
  if (forumpay.failed) {
    emit(name, compareTo, { not_measured: forumpay.failed });
    return;
  }
  const client = new forumpay.Client({
    apiUser: env('API_USER'), apiSecret: env('API_SECRET'), baseUrl: env('BASE_URL'),
    posId: env('POS_ID'), locale: env('LOCALE'),
  });
  const ref = { paymentId: env('PAYMENT_ID'), currency: env('CURRENCY'), address: env('ADDRESS') };
  const page = async () => {
    const { transactions } = await client.getTransactions({ limit: PAGE_RECORDS });
    if (transactions.length !== PAGE_RECORDS) throw new Error(`${transactions.length} records instead of ${PAGE_RECORDS}`);
  };
  await measure(name, compareTo, () => client.checkPayment(ref), page, true);
}

const forumpay = loadBinding();
await measure('net.Socket (floor)', [RUST], floorCall, undefined, true);
floorDone = true;
for (const connection of floorIdle.splice(0)) connection.socket.destroy();
await measure('fetch (Node built-in)', [RUST], fetchCall, fetchPage);
decodes(forumpay);
await binding(forumpay);
