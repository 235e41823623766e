/**
 * Conditional re-reads between the gateway and a subgraph (HTTP validators, RFC 9110
 * §8.8.3 and §13.1.2). The gateway asks for a validator on a root-field query whose
 * answer it may store whole and send again later (`WANT_VALIDATOR_HEADER`); a subgraph
 * that can tell when that answer changes returns one as `ETag`. Sending the same request
 * again with `If-None-Match: <etag>` is then answered `304 Not Modified`, with whatever
 * side effects a read has (crm's audit row), while the answer is unchanged.
 */
export const WANT_VALIDATOR_HEADER = 'x-cc-want-validator';

/**
 * Set by the gateway's fetcher on the empty answer it hands on for a subgraph's 304
 * (Apollo's data source treats any status outside 2xx as a failure). Never sent anywhere.
 */
export const NOT_MODIFIED_HEADER = 'x-cc-not-modified';
