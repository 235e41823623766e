import { timelineLatency, type LatencyFigures, type TimelineJob } from './timelineAtSubgraph';

/**
 * Runs {@link timelineLatency} in a process of its own (forked by
 * `timelineLatencyInChild`): the bench's main process holds every load's figures by
 * then, and its garbage collection would count as the subgraph's latency.
 */
process.once('message', (job: TimelineJob) => {
  timelineLatency(job.url, job.secret, job.caller, job.variables, job.iterations, job.warmup)
    .then((figures: LatencyFigures) => process.send!({ figures }))
    .catch((error: unknown) => process.send!({ error: String(error) }))
    .finally(() => process.disconnect());
});
