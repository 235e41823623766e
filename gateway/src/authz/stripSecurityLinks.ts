import { parse } from 'graphql';
import { securityLinks } from './securityLinks';

/**
 * Removes `for: SECURITY` from the supergraph's `@link`s to the `authenticated`,
 * `requiresScopes` and `policy` specs, so `@apollo/gateway` (which refuses unsupported
 * SECURITY features) loads it. Everything else is kept byte for byte; enforcement then
 * reads the requirements from the original SDL ({@link readAuthRequirements}).
 */
export function stripSecurityLinks(supergraphSdl: string): string {
  const cuts: Array<[number, number]> = [];
  for (const link of securityLinks(parse(supergraphSdl))) {
    const target = link.forSecurity;
    if (!target?.loc) continue;
    const args = link.node.arguments ?? [];
    const index = args.indexOf(target);
    const next = args[index + 1];
    const previous = args[index - 1];
    // Cut through to the next argument (or back to the previous one) to take the comma too.
    if (next?.loc) cuts.push([target.loc.start, next.loc.start]);
    else if (previous?.loc) cuts.push([previous.loc.end, target.loc.end]);
    else cuts.push([target.loc.start, target.loc.end]);
  }
  let sdl = supergraphSdl;
  for (const [start, end] of cuts.sort((a, b) => b[0] - a[0])) {
    sdl = sdl.slice(0, start) + sdl.slice(end);
  }
  return sdl;
}
