/**
 * The webhook sending thread (ordered-sender.ts): runs each batch it is given, in order, and
 * answers with what each attempt got. It keeps only each stream's place in its queue.
 */
import { parentPort } from 'node:worker_threads';
import { type BatchReply, type BatchRequest, Streams } from './ordered-sender.js';
import { send } from './webhook-sender.js';

const port = parentPort;
if (!port) throw new Error('sender-thread.ts runs as a worker thread only');
const streams = new Streams(send);
port.on('message', (request: BatchRequest) => {
  streams.run(request.stream, request.target, request.messages, request.options).then(
    (results) => port.postMessage({ id: request.id, results } satisfies BatchReply),
    // send() reports failures as results; anything else fails this batch, not the thread.
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies BatchReply),
  );
});
