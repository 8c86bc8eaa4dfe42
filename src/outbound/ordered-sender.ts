/**
 * Sends an endpoint's events one after another, in order: the next is sent only once the one
 * before it was answered 2xx, and a batch stops at its first failure (webhooks promise order
 * per endpoint, so nothing after a failed event may go first).
 *
 * Why a thread: each event costs a round trip to the receiver, and in order that chain is
 * only as fast as the event loop that runs it. On the request-serving loop, every hop waits
 * behind the postings being answered, and at 500 postings/s an endpoint fell behind (issue
 * 16's lag figure). The thread's loop does nothing but these round trips; the database work
 * (reading events, recording attempts) stays with the service, overlapped with the sending.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { judgeStatus } from '../ledger/events.js';
import { send as sendHttp, type SendResult } from './webhook-sender.js';

export interface OutboundMessage {
  body: string;
  headers: Record<string, string>;
}

export interface BatchOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  /** No attempt starts at or after this wall-clock time (epoch ms): the round's lease must outlive it. */
  startBefore: number;
}

/**
 * Sends `messages` to `target` in order; the results are of those attempted (fewer when one
 * failed or time ran out). Batches of one `stream` (an endpoint's round) are sent one after
 * another in the order given, and a batch after one not wholly delivered sends nothing: a
 * round can queue its next page while one is being sent.
 */
export type OrderedSender = (stream: string, target: string, messages: readonly OutboundMessage[], options: BatchOptions) => Promise<SendResult[]>;

/** The loop itself, on whichever thread calls it. */
export async function sendInOrder(
  send: typeof sendHttp,
  target: string,
  messages: readonly OutboundMessage[],
  options: BatchOptions,
): Promise<SendResult[]> {
  const results: SendResult[] = [];
  for (const m of messages) {
    if (Date.now() >= options.startBefore) break;
    const result = await send(target, m.body, m.headers, { timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivate });
    results.push(result);
    if (judgeStatus(result.statusCode) !== 'delivered') break;
  }
  return results;
}

/**
 * How long a stream that failed is remembered: longer than any round lasts (its lease,
 * 4 x WEBHOOK_TIMEOUT_MS + 5 s, at most 245 s), so a batch its round queued late still finds it.
 */
const FAILED_STREAM_MEMORY_MS = 10 * 60 * 1000;

/** Each stream's batches, one after another; after one not wholly delivered, the rest send nothing. */
export class Streams {
  private readonly tails = new Map<string, Promise<boolean>>();
  /**
   * Streams that stopped, and when. A round may queue its next batch after the one before has
   * already failed and settled (the round was reading the next page meanwhile): that batch
   * must send nothing, or an event would reach the receiver ahead of the one that failed.
   */
  private readonly failed = new Map<string, number>();

  constructor(private readonly send: typeof sendHttp) {}

  run(stream: string, target: string, messages: readonly OutboundMessage[], options: BatchOptions): Promise<SendResult[]> {
    this.forgetOldFailures();
    const before = this.tails.get(stream) ?? Promise.resolve(true);
    const results = before.then((ok) => (ok && !this.failed.has(stream) ? sendInOrder(this.send, target, messages, options) : []));
    const tail = results.then(
      (r) => r.length === messages.length && r.every((x) => judgeStatus(x.statusCode) === 'delivered'),
      () => false,
    );
    const settled = tail.then((whole) => {
      if (!whole) this.failed.set(stream, Date.now());
      return whole;
    });
    this.tails.set(stream, settled);
    void settled.then(() => {
      if (this.tails.get(stream) === settled) this.tails.delete(stream);
    });
    return results;
  }

  private forgetOldFailures(): void {
    const before = Date.now() - FAILED_STREAM_MEMORY_MS;
    for (const [stream, at] of this.failed) {
      if (at < before) this.failed.delete(stream);
    }
  }
}

/** On the calling thread (tests that replace the HTTP call). */
export function inProcessSender(send: typeof sendHttp = sendHttp): OrderedSender {
  const streams = new Streams(send);
  return (stream, target, messages, options) => streams.run(stream, target, messages, options);
}

interface Pending {
  resolve: (results: SendResult[]) => void;
  reject: (error: Error) => void;
}

export interface BatchRequest {
  id: number;
  stream: string;
  target: string;
  messages: readonly OutboundMessage[];
  options: BatchOptions;
}

export type BatchReply = { id: number; results: SendResult[] } | { id: number; error: string };

/**
 * The sending thread, started at its first batch. Batches of several endpoints run in it at
 * once, each in its own order. A thread that dies fails the batches in flight (their rounds
 * end, their events are sent again by a later round: nothing was recorded as delivered) and
 * the next batch starts a new one.
 */
export class ThreadSender {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  readonly send: OrderedSender = (stream, target, messages, options) =>
    new Promise<SendResult[]>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      const request: BatchRequest = { id, stream, target, messages, options };
      this.thread().postMessage(request);
    });

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the webhook sending thread was stopped'));
    if (worker) await worker.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = startThread();
    worker.on('message', (reply: BatchReply) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('results' in reply) p?.resolve(reply.results);
      else p?.reject(new Error(`the webhook sending thread failed a batch: ${reply.error}`));
    });
    const gone = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(error);
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`the webhook sending thread exited (code ${code})`)));
    // The service's close stops it; it must not hold the process open before that.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(error);
  }
}

/**
 * The thread runs sender-thread.js beside this file; from the TypeScript sources (tests,
 * `tsx`), it is the .ts file, which a worker can load only once tsx is registered in it.
 */
function startThread(): Worker {
  const here = fileURLToPath(import.meta.url);
  const entry = new URL(here.endsWith('.ts') ? './sender-thread.ts' : './sender-thread.js', import.meta.url);
  if (!here.endsWith('.ts')) return new Worker(entry);
  const load = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(load, { eval: true });
}
