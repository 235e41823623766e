/** What the gateway told the page about itself (meta tags it writes into the HTML). */
export interface GatewaySettings {
  trustedDocuments: 'off' | 'allow-registered' | 'require';
  introspection: boolean;
  subscriptions: boolean;
}

function meta(name: string): string | null {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? null;
}

/** Reads the gateway's settings; a page opened without them assumes the defaults of development. */
export function gatewaySettings(): GatewaySettings {
  const mode = meta('gateway-trusted-documents');
  return {
    trustedDocuments: mode === 'require' || mode === 'allow-registered' ? mode : 'off',
    introspection: meta('gateway-introspection') !== 'off',
    subscriptions: meta('gateway-subscriptions') !== 'off',
  };
}
