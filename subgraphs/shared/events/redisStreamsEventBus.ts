import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { createClient, type RedisClientType } from 'redis';
import { eventStreamKey } from '../../../lib/redisKeys';
import type {
  BatchHandler,
  EventBus,
  EventHandler,
  PublishedEvent,
  SubscribeOptions,
  Subscription,
} from './eventBus';

/** Tuning for {@link RedisStreamsEventBus}; the defaults suit production. */
export interface RedisStreamsOptions {
  /** An entry left unacknowledged this long is delivered again. Default 5000 ms. */
  claimIdleMs?: number;
  /** How long one blocking read waits for new entries. Default 1000 ms. */
  blockMs?: number;
  /** Approximate stream length kept (consumers read far faster). Default 1,000,000. */
  maxLen?: number;
}

type Client = RedisClientType;

interface StreamMessage {
  id: string;
  message: Record<string, string>;
}

/**
 * Domain events over Redis Streams: `XADD` to one stream, consumer groups read with
 * `XREADGROUP`, acknowledge with `XACK` only after the handler succeeded, and
 * `XAUTOCLAIM` hands back whatever stayed unacknowledged (a crash, a failing handler).
 * While Redis is down, publish throws at once (the outbox keeps the events) and
 * readers retry; both resume when it returns.
 */
export class RedisStreamsEventBus implements EventBus {
  readonly kind = 'redis';
  private readonly publisher: Client;
  private readonly readers = new Set<Client>();
  private readonly key = eventStreamKey();

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    private readonly options: RedisStreamsOptions = {},
  ) {
    this.publisher = this.connect('publisher');
  }

  async publish(events: readonly PublishedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const multi = this.publisher.multi();
    for (const event of events) {
      multi.xAdd(
        this.key,
        '*',
        { id: event.id, event: JSON.stringify(event) },
        {
          TRIM: {
            strategy: 'MAXLEN',
            strategyModifier: '~',
            threshold: this.options.maxLen ?? 1_000_000,
          },
        },
      );
    }
    await multi.exec();
  }

  subscribe(group: string, handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    const reader = this.connect(`reader:${group}`);
    this.readers.add(reader);
    const consumer = `${hostname()}-${process.pid}`;
    let stopped = false;
    const handlers = { one: handler, batch: options.batch ?? null };
    const count = Math.max(1, options.maxBatch ?? 100);
    const loop = this.consume(reader, group, consumer, handlers, count, () => stopped);
    return {
      stop: async () => {
        stopped = true;
        await loop;
        this.readers.delete(reader);
        reader.destroy();
      },
    };
  }

  async close(): Promise<void> {
    this.publisher.destroy();
    for (const reader of this.readers) reader.destroy();
    this.readers.clear();
  }

  /** A client that fails fast while disconnected and reconnects in the background. */
  private connect(role: string): Client {
    const client: Client = createClient({
      url: this.url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 2000,
        reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000),
      },
    });
    client.on('error', (error: unknown) =>
      this.logger.debug({ err: error, role }, 'redis connection error'),
    );
    client
      .connect()
      .catch((error: unknown) => this.logger.warn({ err: error, role }, 'redis connect failed'));
    return client;
  }

  private async consume(
    reader: Client,
    group: string,
    consumer: string,
    handler: Handlers,
    count: number,
    stopped: () => boolean,
  ): Promise<void> {
    const claimIdleMs = this.options.claimIdleMs ?? 5000;
    let groupReady = false;
    let lastClaim = 0;
    while (!stopped()) {
      try {
        if (!groupReady) groupReady = await this.ensureGroup(reader, group);
        if (Date.now() - lastClaim >= claimIdleMs) {
          lastClaim = Date.now();
          const claimed = (await reader.xAutoClaim(this.key, group, consumer, claimIdleMs, '0-0', {
            COUNT: count,
          })) as { messages: (StreamMessage | null)[] };
          await this.handleAll(reader, group, handler, claimed.messages);
        }
        const read = (await reader.xReadGroup(
          group,
          consumer,
          { key: this.key, id: '>' },
          {
            COUNT: count,
            BLOCK: this.options.blockMs ?? 1000,
          },
        )) as { messages: StreamMessage[] }[] | null;
        for (const stream of read ?? [])
          await this.handleAll(reader, group, handler, stream.messages);
      } catch (error) {
        // A Redis that restarted without its data has lost the group: make it again.
        if (String(error).includes('NOGROUP')) groupReady = false;
        this.logger.debug({ err: error, group }, 'event stream read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async ensureGroup(reader: Client, group: string): Promise<boolean> {
    try {
      await reader.xGroupCreate(this.key, group, '0', { MKSTREAM: true });
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    return true;
  }

  private async handleAll(
    reader: Client,
    group: string,
    handler: Handlers,
    messages: readonly (StreamMessage | null)[],
  ): Promise<void> {
    const entries = messages.filter((m): m is StreamMessage => Boolean(m?.message.event));
    if (handler.batch && entries.length > 1) {
      try {
        await handler.batch(entries.map((m) => JSON.parse(m.message.event!) as PublishedEvent));
        await reader.xAck(
          this.key,
          group,
          entries.map((m) => m.id),
        );
        return;
      } catch (error) {
        // One bad event must not hold the others back: each is tried on its own below.
        this.logger.warn(
          { err: error, entries: entries.length, group },
          'event batch failed; handling its events one by one',
        );
      }
    }
    for (const message of entries) {
      try {
        await handler.one(JSON.parse(message.message.event!) as PublishedEvent);
      } catch (error) {
        // Left pending: XAUTOCLAIM delivers it again after claimIdleMs.
        this.logger.warn(
          { err: error, entry: message.id, group },
          'event handler failed; will retry',
        );
        continue;
      }
      await reader.xAck(this.key, group, message.id);
    }
  }
}

/** A group's handlers: for one event, and (optionally) for several at once. */
interface Handlers {
  one: EventHandler;
  batch: BatchHandler | null;
}
