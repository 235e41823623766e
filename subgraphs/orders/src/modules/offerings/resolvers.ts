import type { Resolvers } from '../../generated/graphql';
import { offeringsByCategory } from './repository';

/** Resolvers of `ProductOffering` and the catalogue queries. */
export const offeringResolvers: Resolvers = {
  Query: {
    productOffering: (_root, { id }, { loaders }) => loaders.offeringById.load(id),
    productOfferings: async (_root, { category }, { db, loaders }) => {
      const rows = await offeringsByCategory(db, category ?? null);
      for (const row of rows) loaders.offeringById.prime(row.id, row);
      return rows;
    },
  },
  ProductOffering: {
    __resolveReference: (reference, { loaders }) => loaders.offeringById.load(reference.id),
    deliveryMethods: (offering) => offering.delivery_methods,
    requiresInstall: (offering) => offering.requires_install,
    downloadMbps: (offering) => offering.download_mbps,
  },
};
