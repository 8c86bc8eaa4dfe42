/**
 * The events scenario's receivers (receivers.ts) in a process of their own, so that the
 * paced load generator's busy moments in the bench's process do not count as delivery lag.
 * Usage: forked by receivers.ts with '<json {flapWindowMs}>'; IPC in { secrets } | { report:
 * 'progress' | 'final', after? }, out { urls } | { secretsSet } | { progress } | { final } (then it exits).
 */
import { localReceivers } from './receivers.js';

const { flapWindowMs } = JSON.parse(process.argv[2] ?? '{}') as { flapWindowMs: number };
const receivers = await localReceivers(flapWindowMs);
process.on('message', (m: { secrets?: string[]; report?: 'progress' | 'final'; after?: string }) => {
  void (async () => {
    if (m.secrets) {
      await receivers.setSecrets(m.secrets);
      process.send?.({ secretsSet: true });
    }
    if (m.report === 'progress') process.send?.({ progress: await receivers.progress(m.after) });
    if (m.report === 'final') process.send?.({ final: await receivers.final() }, () => process.disconnect());
  })();
});
process.send?.({ urls: receivers.urls });
