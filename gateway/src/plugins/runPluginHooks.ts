import type { Logger } from 'pino';
import type { GatewayPlugin } from './gatewayPlugin';

type HookName = 'beforeSubgraphRequest' | 'afterSubgraphResponse' | 'onDomainEvent';
type HookArgument<H extends HookName> = Parameters<NonNullable<GatewayPlugin[H]>>[0];

/**
 * Calls hook `hook` of every plugin that has it, in order, with `argument`. A hook that
 * throws is logged with the plugin's name and skipped: a plugin never fails a request.
 * With no plugin having the hook, nothing is awaited.
 */
export function pluginHookRunner<H extends HookName>(
  plugins: readonly GatewayPlugin[],
  hook: H,
  logger: Logger,
): ((argument: HookArgument<H>) => Promise<void>) | null {
  const having = plugins.filter((plugin) => plugin[hook] !== undefined);
  if (having.length === 0) return null;
  return async (argument) => {
    for (const plugin of having) {
      try {
        const run = plugin[hook] as (argument: HookArgument<H>) => void | Promise<void>;
        await run.call(plugin, argument);
      } catch (error) {
        logger.warn({ err: error, plugin: plugin.name, hook }, 'plugin hook failed');
      }
    }
  };
}
