import type { Logger } from 'pino';
import type { EventBus } from './eventBus';
import { MemoryEventBus } from './memoryEventBus';
import { RedisStreamsEventBus } from './redisStreamsEventBus';

/** Redis Streams when `redisUrl` is set, else the in-process bus (one process only). */
export function createEventBus(redisUrl: string | null, logger: Logger): EventBus {
  return redisUrl ? new RedisStreamsEventBus(redisUrl, logger) : new MemoryEventBus(logger);
}
