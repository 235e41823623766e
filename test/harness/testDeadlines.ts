/**
 * The deadlines every gateway a test starts gets unless the test sets its own: far
 * above the defaults (5 s per subgraph fetch, 10 s per request), because no suite is
 * about the default deadlines and a loaded 2-core machine (three jest workers beside
 * the checks, or beside other work) can take a seeded context past them. A suite about
 * deadlines (resilience, lifecycle) sets them itself, and its settings win.
 */
export const TEST_DEADLINES: Readonly<Record<string, string>> = {
  SUBGRAPH_TIMEOUT_MS: '30000',
  REQUEST_TIMEOUT_MS: '60000',
};
