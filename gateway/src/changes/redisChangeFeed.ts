import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createClient, type RedisClientType } from 'redis';
import { eventStreamKey } from '../../../lib/redisKeys';
import type { ChangeFeed, ChangeListener } from './changeFeed';
import { createChangeFeedMetrics, type ChangeFeedMetrics } from './changeFeedMetrics';
import { changeOfEvent } from './changeOfEvent';
import { GENERIC_DOMAIN, type EventShape } from '../domain/domainConfig';
import { withTimeout } from '../cache/store/withTimeout';

/** Tuning of {@link RedisChangeFeed}; the defaults suit production. */
export interface RedisChangeFeedOptions {
  /** How long one XREAD blocks waiting for entries. Default 1000 ms. */
  blockMs?: number;
  /** Pause after a failed read before trying again. Default 200 ms. */
  retryMs?: number;
  /** How long start() waits for Redis to fix its starting point. Default 2000 ms. */
  startTimeoutMs?: number;
  /** Which fields of an event name what it changed. Default: the generic shape. */
  eventShape?: EventShape;
}

type Client = RedisClientType;

interface StreamMessage {
  id: string;
  message: Record<string, string>;
}

/**
 * Reads the domain-event stream with plain XREAD BLOCK on its own connection — not a
 * consumer group, so every gateway replica sees every event — from the stream's end at
 * start(). After a reconnect it goes on from the last id it delivered; if Redis came
 * back with an older stream (its last-generated-id below ours: data lost), it reads
 * from 0-0 again, since re-invalidating is harmless and missing one is not.
 */
export class RedisChangeFeed implements ChangeFeed {
  readonly kind = 'redis';
  private client: Client | null = null;
  private loop: Promise<void> | null = null;
  private stopped = false;
  /** The id of the last entry delivered; null until Redis told us where the stream ends. */
  private position: string | null = null;
  private connected: boolean | null = null;
  private readonly metrics: ChangeFeedMetrics;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    registry?: Registry,
    private readonly options: RedisChangeFeedOptions = {},
  ) {
    this.metrics = createChangeFeedMetrics(registry);
  }

  /** Resolves once the starting point is fixed, or after `startTimeoutMs` without Redis. */
  async start(listener: ChangeListener): Promise<void> {
    if (this.client) throw new Error('the change feed is already started');
    this.stopped = false;
    const client: Client = createClient({
      url: this.url,
      name: 'cc-gateway-change-feed',
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 1000,
        reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000),
      },
    });
    this.client = client;
    client.on('error', (error: unknown) =>
      this.logger.debug({ err: error }, 'change feed redis connection error'),
    );
    const connecting = client.connect();
    connecting.catch(() => undefined);
    try {
      await withTimeout(connecting, this.options.startTimeoutMs ?? 2000);
      this.position = await lastGeneratedId(client);
    } catch {
      this.logger.warn('change feed: redis unavailable at start; reading once it answers');
    }
    this.loop = this.run(client, listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.client?.isOpen) this.client.destroy();
    await this.loop;
    this.client = null;
    this.loop = null;
  }

  private async run(client: Client, listener: ChangeListener): Promise<void> {
    let resync = false;
    while (!this.stopped) {
      try {
        await this.locate(client, resync);
        resync = false;
        this.setConnected(true);
        const reply = (await client.xRead(
          { key: eventStreamKey(), id: this.position ?? '$' },
          { BLOCK: this.options.blockMs ?? 1000, COUNT: 100 },
        )) as { messages: StreamMessage[] }[] | null;
        for (const stream of reply ?? []) {
          for (const message of stream.messages) {
            this.position = message.id;
            await this.deliver(listener, message);
          }
        }
      } catch (error) {
        if (this.stopped) break;
        resync = true;
        this.setConnected(false, error);
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs ?? 200));
      }
    }
  }

  /** Fixes where to read from: the stream's end at first, 0-0 after a Redis that lost data. */
  private async locate(client: Client, resync: boolean): Promise<void> {
    if (this.position === null) {
      this.position = await lastGeneratedId(client);
      return;
    }
    if (!resync) return;
    const last = await lastGeneratedId(client);
    if (compareStreamIds(last, this.position) < 0) {
      this.logger.warn(
        { last, position: this.position },
        'change feed: redis came back with an older event stream; reading it from the start',
      );
      this.position = '0-0';
    }
  }

  private async deliver(listener: ChangeListener, message: StreamMessage): Promise<void> {
    let event: unknown;
    try {
      event = JSON.parse(message.message.event ?? 'null');
    } catch {
      event = null;
    }
    const read = changeOfEvent(
      event,
      Number(message.id.split('-')[0]),
      this.options.eventShape ?? GENERIC_DOMAIN.events,
    );
    if ('skipped' in read) {
      this.metrics.countSkipped('redis', read.skipped);
      // An event that evicts nothing (an audited read) is routine: counted, not logged.
      if (read.skipped === 'not an event')
        this.logger.warn(
          { entry: message.id },
          'change feed: skipped an entry that is not an event',
        );
      return;
    }
    try {
      await listener(read.change);
      this.metrics.countChange('redis');
    } catch (error) {
      this.logger.warn({ err: error, entry: message.id }, 'change feed listener failed');
    }
  }

  private setConnected(connected: boolean, reason?: unknown): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.metrics.setConnected('redis', connected);
    if (connected) this.logger.info({ position: this.position }, 'change feed reading redis');
    else this.logger.warn({ err: reason }, 'change feed lost redis; resuming when it answers');
  }
}

/** The stream's last-generated-id (`0-0` when the stream does not exist). */
async function lastGeneratedId(client: Client): Promise<string> {
  try {
    const info = await client.sendCommand<unknown[]>(['XINFO', 'STREAM', eventStreamKey()]);
    const at = info.findIndex((item) => String(item) === 'last-generated-id');
    return at >= 0 ? String(info[at + 1]) : '0-0';
  } catch (error) {
    if (/no such key/i.test(String(error))) return '0-0';
    throw error;
  }
}

/** Orders two stream ids (`<ms>-<seq>`): negative when `a` comes first. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs !== bMs ? aMs - bMs : aSeq - bSeq;
}
