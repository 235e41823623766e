import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteHandler } from '../../../lib/http/startHttpServer';
import type { GatewayConfig } from '../config';
import { devTokenRoute, type DevTokenOptions } from './devTokenRoute';
import { staticAppRoutes } from './staticApp';

/** Where the console's dev sign-in lives (development with the generated secret only). */
export const DEV_TOKEN_PATH = '/console/dev-token';

/** The pages people open in a browser, and how `GET /graphql` hands one to them. */
export interface GatewayPages {
  routes: Record<string, RouteHandler>;
  /**
   * Serves the explorer when the request is a browser's page load of `/graphql`
   * (`GET`, HTML preferred) and the explorer is on; true when it answered.
   */
  explorer(req: IncomingMessage, res: ServerResponse): boolean;
}

/**
 * The explorer (GraphiQL, at `GET /graphql` for a browser, assets under `/explorer/`)
 * and the console (`/console`), both built ahead of time (`npm run build:ui`) and served
 * from this process with a self-only CSP; plus the console's dev sign-in when `devTokens`
 * is given outside production.
 */
export function gatewayPages(config: GatewayConfig, devTokens?: DevTokenOptions): GatewayPages {
  const hint = 'run `npm run build:ui`';
  const { explorer, console: consoleApp } = config.pages;
  const explorerApp = explorer.enabled
    ? staticAppRoutes({
        dir: explorer.dir,
        base: '/explorer',
        buildHint: hint,
        html: (html) => html.replace('</head>', `${explorerMeta(config)}</head>`),
      })
    : null;
  const consolePages = consoleApp.enabled
    ? staticAppRoutes({
        dir: consoleApp.dir,
        base: '/console',
        buildHint: hint,
        html: (html) =>
          html.replace(
            '</head>',
            `<meta name="gateway-dev-sign-in" content="${devTokens && !config.production ? 'on' : 'off'}"></head>`,
          ),
      })
    : null;
  const routes: Record<string, RouteHandler> = {
    ...explorerApp?.routes,
    ...consolePages?.routes,
  };
  // Defence in depth: the all-in-one start passes devTokens only outside production.
  if (devTokens && !config.production) routes[DEV_TOKEN_PATH] = devTokenRoute(devTokens);
  return {
    routes,
    explorer(req, res) {
      if (!explorerApp || req.method !== 'GET' || !prefersHtml(req)) return false;
      explorerApp.serveIndex(req, res);
      return true;
    },
  };
}

function explorerMeta(config: GatewayConfig): string {
  return [
    ['gateway-trusted-documents', config.trustedDocuments.mode],
    ['gateway-introspection', config.introspection ? 'on' : 'off'],
    ['gateway-subscriptions', config.subscriptions.enabled ? 'on' : 'off'],
  ]
    .map(([name, content]) => `<meta name="${name}" content="${content}">`)
    .join('');
}

/** A page load: `text/html` accepted ahead of JSON (what a browser's address bar sends). */
function prefersHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  const html = accept.indexOf('text/html');
  if (html < 0) return false;
  const json = accept.search(/application\/(graphql-response\+)?json/);
  return json < 0 || html < json;
}
