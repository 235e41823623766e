import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import type { FormattedExecutionResult } from 'graphql';
import { Registry } from 'prom-client';
import { customerTag, customerUnreadTag, customerViewsByTag } from '../../../lib/cacheTags';
import { createLogger } from '../../../lib/logger';
import { apiSchemaOf } from '../../../gateway/src/check/apiSchemaOf';
import { ChangeRouter } from '../../../gateway/src/subscriptions/changeRouter';
import { domainFromFile } from '../../../gateway/src/domain/domainConfig';
import { liveFieldsOf } from '../../../gateway/src/domain/liveFieldsOf';

/** This repository's live fields, from its domain file. */
const LIVE_FIELDS = liveFieldsOf(domainFromFile('schema/domain.json'));
import {
  createLiveSubscriptions,
  isRefusal,
  type ResultStream,
} from '../../../gateway/src/subscriptions/liveSubscriptions';
import type { LiveRun } from '../../../gateway/src/subscriptions/subscriptionServerOptions';
import { SUPERGRAPH_FILE, TEST_AGENT } from '../../harness/startTestStack';

const CUSTOMER = 'cus-dana-reyes';
const UNREAD = customerUnreadTag(CUSTOMER, 'agt-care-alex');
const VIEWS = customerViewsByTag(CUSTOMER, 'agt-care-alex');
const SUBSCRIPTION = `subscription { customerContext(id: "${CUSTOMER}") { id attention { code } } }`;

/**
 * The live subscriptions' own logic, run by hand: each run's answer and tags are what
 * the test says, and changes are fired by the test. The real gateway path (tags from the
 * subgraphs, views from crm's audit) is tested in test/integration/liveContext.test.ts.
 */
function rig() {
  const emitter = new EventEmitter();
  const apiSchema = apiSchemaOf(readFileSync(SUPERGRAPH_FILE, 'utf8'));
  let runs = 0;
  let nextTags: readonly string[] | undefined = [customerTag(CUSTOMER)];
  let duringRun: (() => void) | null = null;
  const live = createLiveSubscriptions({
    live: LIVE_FIELDS,
    apiSchema: () => apiSchema,
    authenticate: async () => ({ claims: TEST_AGENT, expiresAt: null }),
    execute: async (): Promise<LiveRun> => {
      runs += 1;
      const tags = nextTags;
      duringRun?.();
      duringRun = null;
      const result: FormattedExecutionResult = {
        data: { customerContext: { id: CUSTOMER, attention: [{ code: `run-${runs}` }] } },
      };
      return tags ? { result, tags } : { result };
    },
    changes: {
      subscribe(listener) {
        emitter.on('change', listener);
        return () => emitter.off('change', listener);
      },
    },
    keepAliveMs: 10_000,
    maxPerConnection: 10,
    logger: createLogger({ name: 'test-live', level: 'silent' }),
    metrics: new Registry(),
  });
  const subscribe = (): ResultStream => {
    const outcome = live.subscribe(
      { query: SUBSCRIPTION },
      {
        claims: TEST_AGENT,
        expiresAt: null,
        headers: {},
        transport: 'ws',
        endsAtExpiry: false,
      },
    );
    if (isRefusal(outcome)) throw new Error(JSON.stringify(outcome));
    return outcome;
  };
  return {
    live,
    subscribe,
    fire: (...tags: string[]) => emitter.emit('change', tags),
    runs: () => runs,
    /** The tags the next runs' answers carry (undefined: not known, as from a cache). */
    answerTags: (tags: readonly string[] | undefined) => {
      nextTags = tags;
    },
    /** Something to do while the next run is under way. */
    whileRunning: (fn: () => void) => {
      duringRun = fn;
    },
  };
}

const codeOf = (step: IteratorResult<FormattedExecutionResult, void>) =>
  (step.value as FormattedExecutionResult | undefined)?.data?.['customerContext'];

describe('live subscriptions follow the unread tags of their last answer', () => {
  it('re-run on a followed tag the answer carried, not on the other view tags, and stop following one the next answer drops', async () => {
    const r = rig();
    r.answerTags([customerTag(CUSTOMER), UNREAD, VIEWS]);
    const stream = r.subscribe();
    try {
      expect(codeOf(await stream.next())).toEqual({
        id: CUSTOMER,
        attention: [{ code: 'run-1' }],
      });
      // A re-run is a read, logged as a view: following this tag would loop.
      r.fire(VIEWS);
      expect(r.runs()).toBe(1);

      r.answerTags([customerTag(CUSTOMER), VIEWS]);
      r.fire(UNREAD);
      expect(r.runs()).toBe(2);
      expect(codeOf(await stream.next())).toEqual({
        id: CUSTOMER,
        attention: [{ code: 'run-2' }],
      });
      // The flag is gone from the answer, and so is the tag: nothing left to follow.
      r.fire(UNREAD);
      expect(r.runs()).toBe(2);
      // The customer's own tag is watched throughout.
      r.fire(customerTag(CUSTOMER));
      expect(r.runs()).toBe(3);
    } finally {
      await stream.return();
      await r.live.close();
    }
  });

  it('runs once more when a tag its answer carries changed while the run was under way', async () => {
    const r = rig();
    r.answerTags([customerTag(CUSTOMER), UNREAD]);
    // Not watched yet: only the answer tells that the run depends on it.
    r.whileRunning(() => r.fire(UNREAD));
    const stream = r.subscribe();
    try {
      await stream.next();
      await new Promise((resolve) => setImmediate(resolve));
      expect(r.runs()).toBe(2);
      const second = await stream.next();
      expect(codeOf(second)).toEqual({ id: CUSTOMER, attention: [{ code: 'run-2' }] });
    } finally {
      await stream.return();
      await r.live.close();
    }
  });

  it('keeps following what it followed when a run cannot tell its tags, and nothing once it ends', async () => {
    const r = rig();
    r.answerTags([customerTag(CUSTOMER), UNREAD]);
    const stream = r.subscribe();
    try {
      await stream.next();
      r.answerTags(undefined);
      r.fire(customerTag(CUSTOMER));
      expect(r.runs()).toBe(2);
      await stream.next();
      r.fire(UNREAD);
      expect(r.runs()).toBe(3);
    } finally {
      await stream.return();
    }
    r.fire(UNREAD, customerTag(CUSTOMER));
    expect(r.runs()).toBe(3);
    await r.live.close();
  });
});

describe('ChangeRouter.changedSince', () => {
  const source = () => {
    const emitter = new EventEmitter();
    return {
      fire: (...tags: string[]) => emitter.emit('change', tags),
      changes: {
        subscribe(listener: (tags: readonly string[]) => void) {
          emitter.on('change', listener);
          return () => emitter.off('change', listener);
        },
      },
    };
  };

  it('remembers the last change of the tags it is told to, within the horizon', () => {
    const s = source();
    let now = 1_000;
    const router = new ChangeRouter(s.changes, {
      remember: (tag) => tag.startsWith('customer-unread:'),
      horizonMs: 500,
      now: () => now,
    });
    s.fire(UNREAD, customerTag(CUSTOMER));
    now = 1_200;
    expect(router.changedSince(UNREAD, 1_000)).toBe(true);
    expect(router.changedSince(UNREAD, 1_001)).toBe(false);
    // Not a remembered tag: no record of it.
    expect(router.changedSince(customerTag(CUSTOMER), 1_000)).toBe(false);
    // Before the horizon nothing is known: it may have changed.
    now = 1_800;
    expect(router.changedSince(UNREAD, 1_250)).toBe(true);
    expect(router.changedSince(UNREAD, 1_400)).toBe(false);
    router.close();
  });

  it('answers "may have changed" for moments it had to forget to stay within its size', () => {
    const s = source();
    let now = 0;
    const router = new ChangeRouter(s.changes, {
      remember: () => true,
      maxRemembered: 2,
      now: () => now,
    });
    for (const tag of ['a', 'b', 'c']) {
      now += 10;
      s.fire(tag);
    }
    // `a` (changed at 10) was forgotten to make room: anything since 10 is unknown.
    expect(router.changedSince('a', 5)).toBe(true);
    expect(router.changedSince('x', 10)).toBe(true);
    expect(router.changedSince('x', 11)).toBe(false);
    expect(router.changedSince('c', 30)).toBe(true);
    router.close();
  });
});
