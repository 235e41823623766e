/** What `customer-context-gateway serve --help` prints: this command and its options only. */
export const SERVE_HELP = `customer-context-gateway serve [options]

Serves a Federation 2 supergraph over HTTP (/graphql, /health, /ready, /metrics).

Options:
  --supergraph FILE      supergraph SDL to serve (default: $SUPERGRAPH_FILE or
                         schema/supergraph.graphql); the file is watched and a new
                         version is swapped in without dropping requests
  --config FILE          instead of --supergraph: compose this rover-format
                         supergraph.yaml at start and again every --poll-interval-ms
  --poll-interval-ms N   how often --config is recomposed (default 10000, at least 100)
  --port N               port to listen on (default: $PORT or 4000; 0 = any free port)
  --policies FILE        module exporting \`policies\`: the named @policy functions
                         (a @policy with no function here denies); .js, or .ts when
                         tsx is installed or node strips types
  --input-limits FILE    module exporting \`inputLimits\`: the bound of every string and
                         list input (default: 1000 characters, 128 for an ID, 100 items)
  --workers N|auto       gateway processes sharing the port (default: $GATEWAY_WORKERS
                         or 1; auto = one per CPU); more than 1 needs REDIS_URL, or
                         CACHE=off, so that every worker sees the same caches
  --help                 this text

A supergraph that does not load is refused while the last good one keeps serving.
A port already in use stops the start at once, naming PORT (or --port).

Environment (see docs/ for all): PORT, HOST, SUPERGRAPH_FILE, SUBGRAPH_URL_<NAME>,
JWT_SECRET or JWKS_URL, SUBGRAPH_HMAC_SECRET, REDIS_URL, NODE_ENV, INTROSPECTION,
DEBUG_ERRORS (stack traces in error responses; off by default, refused in production),
LOG_LEVEL, GATEWAY_WORKERS.`;
