import {
  defaultFieldResolver,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  type ConstDirectiveNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { customerTag } from '../../lib/cacheTags';
import { currentCacheScope, type CacheScope } from './cacheScope';

/** A cache hint as `@cacheControl` and dynamic hints give it (Apollo Server's shape). */
export interface CacheHint {
  maxAge?: number;
  scope?: 'PUBLIC' | 'PRIVATE';
}

interface Annotation extends CacheHint {
  inheritMaxAge?: true;
}

/** A cache policy being narrowed: Apollo Server's `CachePolicy` rules. */
export class CachePolicy implements CacheHint {
  maxAge?: number;
  scope?: 'PUBLIC' | 'PRIVATE';

  /** Takes the hint's maxAge and scope where it sets them. */
  replace(hint: CacheHint): void {
    if (hint.maxAge !== undefined) this.maxAge = hint.maxAge;
    if (hint.scope !== undefined) this.scope = hint.scope;
  }

  /** Keeps the lower maxAge and PRIVATE over PUBLIC. */
  restrict(hint: CacheHint): void {
    if (hint.maxAge !== undefined && (this.maxAge === undefined || hint.maxAge < this.maxAge))
      this.maxAge = hint.maxAge;
    if (hint.scope !== undefined && this.scope !== 'PRIVATE') this.scope = hint.scope;
  }

  /** The `Cache-Control` value: `max-age=N, public|private`, or `no-store`. */
  header(): string {
    if (this.maxAge === undefined || this.maxAge <= 0) return 'no-store';
    return `max-age=${this.maxAge}, ${(this.scope ?? 'PUBLIC').toLowerCase()}`;
  }
}

/** The entity whose id names the customer a piece of data belongs to. */
const CUSTOMER_TYPENAME = 'Customer';

function annotationOf(directives: readonly ConstDirectiveNode[] | undefined): Annotation | null {
  const directive = directives?.find((d) => d.name.value === 'cacheControl');
  if (!directive?.arguments) return null;
  const argument = (name: string) => directive.arguments!.find((a) => a.name.value === name);
  const scopeValue = argument('scope')?.value;
  const scopeName = scopeValue?.kind === Kind.ENUM ? scopeValue.value : undefined;
  const scope = scopeName === 'PUBLIC' || scopeName === 'PRIVATE' ? scopeName : undefined;
  const inherit = argument('inheritMaxAge')?.value;
  if (inherit?.kind === Kind.BOOLEAN && inherit.value) return { inheritMaxAge: true, scope };
  const maxAge = argument('maxAge')?.value;
  return { maxAge: maxAge?.kind === Kind.INT ? parseInt(maxAge.value, 10) : undefined, scope };
}

/** A type's `@cacheControl` (its definition, then its extensions), as Apollo reads it. */
function typeAnnotation(type: GraphQLCompositeType): Annotation {
  const nodes = [type.astNode, ...(type.extensionASTNodes ?? [])];
  for (const node of nodes) {
    const found = annotationOf(node?.directives);
    if (found) return found;
  }
  return {};
}

const typeAnnotations = new WeakMap<GraphQLCompositeType, Annotation>();

/** {@link typeAnnotation}, remembered per type (what `cacheHintFromType` answers). */
function cacheHintFromType(type: GraphQLCompositeType): CacheHint {
  let found = typeAnnotations.get(type);
  if (!found) typeAnnotations.set(type, (found = typeAnnotation(type)));
  return found;
}

/** What a field's resolution contributes, decided from the schema once. */
interface FieldPlan {
  /** The field's policy before dynamic hints (its type's, then its own `@cacheControl`). */
  initial: CacheHint;
  /** Whether an unset maxAge falls to the default (0) when the field finishes. */
  defaultsMaxAge: boolean;
  /** The field's parent is a customer: its source names one. */
  onCustomer: boolean;
  /** The field returns customers (always, or maybe for an abstract type). */
  returnsCustomers: 'always' | 'maybe' | null;
  /**
   * What resolving the field narrows the answer's policy by, when no resolver hint
   * changes it (null: nothing). Applied as the field starts: the policy is a minimum,
   * so the order does not matter.
   */
  final: CacheHint | null;
}

/**
 * What the field's policy ends as without a dynamic hint, as Apollo Server's
 * cache-control plugin computes it in its per-field hook.
 */
function planOf(
  field: GraphQLField<unknown, unknown>,
  parentIsRoot: boolean,
): Pick<FieldPlan, 'initial' | 'defaultsMaxAge'> {
  const policy = new CachePolicy();
  let inherit = false;
  const target = getNamedType(field.type);
  if (isCompositeType(target)) {
    const annotation = cacheHintFromType(target) as Annotation;
    policy.replace(annotation);
    inherit = Boolean(annotation.inheritMaxAge);
  }
  const own = annotationOf(field.astNode?.directives) ?? {};
  if (own.inheritMaxAge && policy.maxAge === undefined) {
    inherit = true;
    if (own.scope) policy.replace({ scope: own.scope });
  } else {
    policy.replace(own);
  }
  return {
    initial: {
      ...(policy.maxAge === undefined ? {} : { maxAge: policy.maxAge }),
      ...(policy.scope ? { scope: policy.scope } : {}),
    },
    defaultsMaxAge: (isCompositeType(target) && !inherit) || parentIsRoot,
  };
}

/** Calls `fn` with each leaf of a resolved value: itself, or every element of (nested) lists. */
function forEachItem(value: unknown, fn: (item: unknown) => void): void {
  if (Array.isArray(value)) for (const item of value) forEachItem(item, fn);
  else fn(value);
}

/**
 * Tags the customer `value` is, when it is one: any object with a string `id` when the
 * field's type says it is a customer, else an object whose `__typename` says so.
 */
function recordCustomer(scope: CacheScope, value: unknown, isCustomer: boolean): void {
  if (typeof value !== 'object' || value === null) return;
  const { id, __typename } = value as { id?: unknown; __typename?: unknown };
  if (typeof id === 'string' && (isCustomer || __typename === CUSTOMER_TYPENAME)) {
    scope.addTag(customerTag(id));
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/**
 * Calls `done` with the settled value once `result` (a value, a promise, or a list
 * holding promises) has settled; with `undefined` if it failed. Apollo's rule.
 */
function whenSettled(result: unknown, done: (value: unknown) => void): void {
  if (isPromiseLike(result)) {
    result.then(
      (value) => whenSettled(value, done),
      () => done(undefined),
    );
  } else if (Array.isArray(result) && result.some(isPromiseLike)) {
    Promise.all(result).then(done, () => done(undefined));
  } else {
    done(result);
  }
}

/** What `_entities`' `info` carries, as Apollo's plugin gave it (@apollo/subgraph reads it). */
export interface FieldCacheControl {
  setCacheHint(hint: CacheHint): void;
  cacheHint: CachePolicy;
  cacheHintFromType(type: GraphQLCompositeType): CacheHint | undefined;
}

/**
 * Wraps the schema's field resolvers, once at start, so that each resolution records
 * into the request's cache scope what Apollo Server's cache-control plugin and our tag
 * plugin computed in a hook called for EVERY field of every answer:
 * - the field's share of the response's cache policy (`@cacheControl` on the field and
 *   its type; a composite or root field without a maxAge makes the answer `no-store`);
 *   `_entities` keeps `info.cacheControl`, through which @apollo/subgraph narrows it by
 *   each representation's type; `uncacheable(info)` narrows the answer's policy directly;
 * - `customer:<id>` for every field resolved on a customer and every customer a field
 *   returns.
 * A field that cannot contribute anything (default resolver, no hint, not about
 * customers) is left alone, so most leaves cost nothing. The policy becomes the
 * `Cache-Control` header in {@link subgraphCacheTagsPlugin}'s `willSendResponse`.
 */
export function instrumentCachePolicy(schema: GraphQLSchema): void {
  const roots = new Set([
    schema.getQueryType(),
    schema.getMutationType(),
    schema.getSubscriptionType(),
  ]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const parentIsRoot = roots.has(type);
    for (const field of Object.values(type.getFields())) {
      const returned = getNamedType(field.type);
      const { initial, defaultsMaxAge } = planOf(field, parentIsRoot);
      const maxAge = initial.maxAge ?? (defaultsMaxAge ? 0 : undefined);
      const plan: FieldPlan = {
        initial,
        defaultsMaxAge,
        onCustomer: type.name === CUSTOMER_TYPENAME,
        returnsCustomers:
          returned.name === CUSTOMER_TYPENAME
            ? 'always'
            : isAbstractType(returned)
              ? 'maybe'
              : null,
        final:
          maxAge === undefined && initial.scope === undefined
            ? null
            : {
                ...(maxAge === undefined ? {} : { maxAge }),
                ...(initial.scope ? { scope: initial.scope } : {}),
              },
      };
      const resolve = field.resolve ?? defaultFieldResolver;
      if (parentIsRoot && field.name === '_entities')
        field.resolve = entitiesResolver(resolve, plan);
      else if (plan.final || plan.onCustomer || plan.returnsCustomers)
        field.resolve = fieldResolver(resolve, plan);
    }
  }
}

/** A field's resolver that narrows the policy and tags customers, allocating nothing for most fields. */
function fieldResolver(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  plan: FieldPlan,
): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    const scope = currentCacheScope();
    if (scope) {
      if (plan.final) scope.restrictPolicy(plan.final);
      if (plan.onCustomer) recordCustomer(scope, source, true);
    }
    const result = resolve(source, args, context, info);
    if (scope && plan.returnsCustomers) {
      const always = plan.returnsCustomers === 'always';
      whenSettled(result, (value) =>
        forEachItem(value, (item) => recordCustomer(scope, item, always)),
      );
    }
    return result;
  };
}

/**
 * `_entities`, whose policy @apollo/subgraph narrows by each representation's type
 * (through `info.cacheControl`, as Apollo's plugin provides it): Apollo's per-field rule,
 * a maxAge still unset when it finishes falls to 0.
 */
function entitiesResolver(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  plan: FieldPlan,
): GraphQLFieldResolver<unknown, unknown> {
  return (
    source,
    args,
    context,
    info: GraphQLResolveInfo & { cacheControl?: FieldCacheControl },
  ) => {
    const scope = currentCacheScope();
    if (!scope) return resolve(source, args, context, info);
    const policy = new CachePolicy();
    policy.replace(plan.initial);
    info.cacheControl = {
      setCacheHint: (hint) => policy.replace(hint),
      cacheHint: policy,
      cacheHintFromType,
    };
    const result = resolve(source, args, context, info);
    whenSettled(result, (value) => {
      if (policy.maxAge === undefined && plan.defaultsMaxAge) policy.restrict({ maxAge: 0 });
      scope.restrictPolicy(policy);
      forEachItem(value, (item) => recordCustomer(scope, item, false));
    });
    return result;
  };
}
