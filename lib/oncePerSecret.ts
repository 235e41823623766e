/**
 * `derive` (a key derived from a shared secret), computed once per secret rather than
 * on every request that signs or verifies with it.
 */
export function oncePerSecret(derive: (secret: string) => Buffer): (secret: string) => Buffer {
  const keys = new Map<string, Buffer>();
  return (secret) => {
    let key = keys.get(secret);
    if (!key) {
      key = derive(secret);
      keys.set(secret, key);
    }
    return key;
  };
}
