import type { ServerResponse } from 'node:http';

/**
 * The Content-Security-Policy of the explorer and the console: scripts, styles, fonts,
 * images and connections from this gateway only (WebSocket to the same host included),
 * never framed. Inline style attributes are allowed because the editors position
 * themselves with them; inline scripts are not.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets the security headers every page and page asset carries. */
export function setPageHeaders(res: ServerResponse): void {
  res.setHeader('content-security-policy', PAGE_CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
}
