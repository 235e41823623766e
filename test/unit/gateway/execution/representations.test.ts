import { buildSchema } from 'graphql';
import {
  SupergraphTypes,
  deepMerge,
  representationOf,
} from '../../../../gateway/src/execution/representations';

/**
 * Representations and merging write into plain objects: names an object inherits
 * (`constructor`, `toString`, `__proto__`) must still land as own values, never reach
 * the prototype.
 */
const types = new SupergraphTypes(
  buildSchema('type Query { a: Int } type Thing { id: ID constructor: String toString: String }'),
);

it('reads a representation with inherited names as own values', () => {
  const entity = JSON.parse(
    '{"__typename":"Thing","id":"t1","constructor":"c","toString":"s"}',
  ) as Record<string, unknown>;
  const requires = [
    {
      kind: 'InlineFragment' as const,
      typeCondition: 'Thing',
      selections: ['__typename', 'id', 'constructor', 'toString'].map((name) => ({
        kind: 'Field' as const,
        name,
      })),
    },
  ];
  const representation = representationOf(types, entity, requires);
  expect(JSON.stringify(representation)).toBe(
    '{"__typename":"Thing","id":"t1","constructor":"c","toString":"s"}',
  );
  // A missing required field: the type condition contributes nothing, nothing half-written
  // (an answer without `__typename` is not sent).
  expect(representationOf(types, { __typename: 'Thing', id: 't2' }, requires)).toEqual({});
});

it('merges answers with inherited names without touching the prototype', () => {
  const target = JSON.parse('{"id":"t1"}') as Record<string, unknown>;
  deepMerge(
    target,
    JSON.parse('{"constructor":{"x":1},"__proto__":{"polluted":true},"toString":"s"}') as Record<
      string,
      unknown
    >,
  );
  expect(Object.prototype.hasOwnProperty.call(target, 'constructor')).toBe(true);
  expect(target.constructor).toEqual({ x: 1 });
  expect(Object.getOwnPropertyDescriptor(target, 'toString')?.value).toBe('s');
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
});
