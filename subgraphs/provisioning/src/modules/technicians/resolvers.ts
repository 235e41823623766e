import { decodeCursor, pageSize, toPage } from '../../../../shared/pagination';
import type { Resolvers, Skill } from '../../generated/graphql';
import { techniciansPage } from './repository';

/** The `Skill` values in declaration order, so skill lists read the same everywhere. */
const SKILL_ORDER: readonly Skill[] = [
  'INSTALL',
  'REWIRING',
  'FIBRE_SPLICING',
  'SET_TOP_BOX_SETUP',
  'REPAIR',
];

/** Resolvers of `Technician` and the technician queries. */
export const technicianResolvers: Resolvers = {
  Query: {
    technician: (_root, { id }, { loaders }) => loaders.technicianById.load(id),
    technicians: async (_root, { skills, first, after }, { db, loaders }) => {
      const limit = pageSize(first);
      const rows = await techniciansPage(db, skills ?? [], decodeCursor(after), limit + 1);
      for (const row of rows) loaders.technicianById.prime(row.id, row);
      return toPage(rows, limit, (row) => ({ at: row.created_at, id: row.id }));
    },
  },
  Technician: {
    __resolveReference: (reference, { loaders }) => loaders.technicianById.load(reference.id),
    skills: (technician) => SKILL_ORDER.filter((skill) => technician.skills.includes(skill)),
  },
};
