import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { every } from './services/background.js';
import type { Services } from './services/index.js';

/**
 * The service's background work, started with the app and stopped when it closes: what is
 * written behind the postings (checkpoints, the journal's and the events' sequencers), what
 * comes due with time (certified earnings, webhook retries) and what is forgotten (idempotency
 * keys, old events). A setting of 0 turns a job off (the tests drive them by hand).
 */
export function backgroundJobs(app: FastifyInstance, services: Services, config: Config): void {
  // Idempotency keys are promised for 24 hours; forget them after the configured retention.
  const purge = setInterval(() => {
    services.jobs.purgeIdempotencyKeys(config.idempotencyTtlHours).catch((error) => app.log.warn({ err: error }, 'purging idempotency keys failed'));
  }, 60 * 60 * 1000);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));

  // Derived data written behind the postings, never in their way.
  if (config.checkpointIntervalMs > 0) {
    const stop = every('balance-checkpoints', config.checkpointIntervalMs, () => services.jobs.checkpoints(), app.log as never);
    app.addHook('onClose', async () => stop());
  }
  if (config.sequencerIntervalMs > 0) {
    const stop = every('journal-sequencer', config.sequencerIntervalMs, () => services.jobs.sequence(), app.log as never);
    app.addHook('onClose', async () => stop());
  }
  if (config.sequencerIntervalMs > 0 && config.eventsSequencerIntervalMs > 0) {
    // Its own interval, shorter than the journal's: it sets how soon apps hear of a change.
    const stopEvents = every('event-sequencer', config.eventsSequencerIntervalMs, () => services.jobs.sequenceEvents(), app.log as never);
    app.addHook('onClose', async () => stopEvents());
  }
  if (config.webhookPollIntervalMs > 0) {
    // New events kick delivery at once; the interval picks up retries that came due.
    services.webhookDelivery.start();
    const unsubscribe = services.events.onNewEvents(() => services.webhookDelivery.kick());
    const poll = setInterval(() => services.webhookDelivery.kick(), config.webhookPollIntervalMs);
    poll.unref();
    app.addHook('preClose', async () => {
      unsubscribe();
      clearInterval(poll);
      await services.webhookDelivery.stop();
    });
  } else {
    // Rounds run by hand (tests) may have started the sending thread.
    app.addHook('onClose', async () => services.webhookDelivery.stop());
  }
  const purgeEvents = setInterval(() => {
    services.jobs.purgeEvents().catch((error) => app.log.warn({ err: error }, 'purging events failed'));
  }, 60 * 60 * 1000);
  purgeEvents.unref();
  app.addHook('onClose', async () => clearInterval(purgeEvents));

  if (config.certifiedPostingIntervalMs > 0) {
    const stop = every('certified-postings', config.certifiedPostingIntervalMs, () => services.jobs.postCertified(), app.log as never);
    app.addHook('onClose', async () => stop());
  }
}
