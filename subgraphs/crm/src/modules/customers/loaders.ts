import DataLoader from 'dataloader';
import type { Queryable } from '../../../../shared/db';
import { manyByKey, oneByKey } from '../../../../shared/loaders';
import { perDatabase, sharedByCustomer, sharedReads } from '../../../../shared/sharedReads';
import {
  consentsByCustomerIds,
  contactPointsByCustomerIds,
  customersByIds,
  holdersOfContactPoints,
  type ContactPointHolder,
  preferencesByCustomerIds,
  type ContactPointRow,
} from './repository';

/** A normalised contact value to look its holder up by. */
export interface ContactPointKey {
  kind: ContactPointRow['kind'];
  value: string;
}

const contactPointKey = (point: ContactPointKey): string => `${point.kind}\u0000${point.value}`;

/** The reads concurrent requests share (see `sharedReads`). */
const shared = perDatabase((db: Queryable) => ({
  holders: sharedReads<ContactPointKey, ContactPointHolder>({
    fetch: (points) => holdersOfContactPoints(db, points),
    keyOf: contactPointKey,
    rowKeyOf: contactPointKey,
    customerOf: (row) => row.customer_id,
  }),
  customers: sharedByCustomer(
    (ids) => customersByIds(db, ids),
    (row) => row.id,
  ),
  contactPoints: sharedByCustomer(
    (ids) => contactPointsByCustomerIds(db, ids),
    (row) => row.customer_id,
  ),
  preferences: sharedByCustomer(
    (ids) => preferencesByCustomerIds(db, ids),
    (row) => row.customer_id,
  ),
  consents: sharedByCustomer(
    (ids) => consentsByCustomerIds(db, ids),
    (row) => row.customer_id,
  ),
}));

/** The customer module's loaders; a fresh set per request, over reads shared across requests. */
export function createCustomerLoaders(db: Queryable) {
  const reads = shared(db);
  return {
    /** The id of the customer holding a contact value, or null. */
    contactPointHolder: new DataLoader<ContactPointKey, string | null, string>(
      async (points) => {
        const holders = new Map(
          (await reads.holders(points)).map((row) => [contactPointKey(row), row.customer_id]),
        );
        return points.map((point) => holders.get(contactPointKey(point)) ?? null);
      },
      { cacheKeyFn: contactPointKey },
    ),
    customerById: oneByKey(reads.customers, (row) => row.id),
    contactPointsByCustomerId: manyByKey(reads.contactPoints, (row) => row.customer_id),
    preferencesByCustomerId: oneByKey(reads.preferences, (row) => row.customer_id),
    consentsByCustomerId: manyByKey(reads.consents, (row) => row.customer_id),
  };
}
