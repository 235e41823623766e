import type { RequestBase } from '../../shared/subgraphDefinition';
import { createAttentionLoaders } from './modules/attention/loaders';
import { createAppointmentLoaders } from './modules/appointments/loaders';
import { createServiceOrderLoaders } from './modules/serviceOrders/loaders';
import { createServiceLoaders } from './modules/services/loaders';
import { createTechnicianLoaders } from './modules/technicians/loaders';

/** Per-request context of the `provisioning` subgraph. */
export interface Context extends RequestBase {
  loaders: ReturnType<typeof createServiceLoaders> &
    ReturnType<typeof createServiceOrderLoaders> &
    ReturnType<typeof createAppointmentLoaders> &
    ReturnType<typeof createTechnicianLoaders> &
    ReturnType<typeof createAttentionLoaders>;
}

/** Builds the context with a fresh set of DataLoaders for this request. */
export function createContext(base: RequestBase): Context {
  return {
    ...base,
    loaders: {
      ...createServiceLoaders(base.db),
      ...createServiceOrderLoaders(base.db),
      ...createAppointmentLoaders(base.db),
      ...createTechnicianLoaders(base.db),
      ...createAttentionLoaders(base.db),
    },
  };
}
