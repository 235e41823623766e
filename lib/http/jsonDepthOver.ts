/**
 * Whether parsed JSON nests objects and arrays more than `maxDepth` levels deep, found
 * without recursion (so a hostile body cannot overflow the stack here, as it would in
 * every recursive reader after this one: variable coercion, hashing, logging).
 */
export function jsonDepthOver(value: unknown, maxDepth: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    const children = Array.isArray(next.value) ? next.value : Object.values(next.value);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth });
    }
  }
  return false;
}
