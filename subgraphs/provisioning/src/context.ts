import { lazyLoaders } from '../../shared/loaders';
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

const createLoaders = lazyLoaders<Context['loaders']>([
  createServiceLoaders,
  createServiceOrderLoaders,
  createAppointmentLoaders,
  createTechnicianLoaders,
  createAttentionLoaders,
]);

/** Builds the context with a fresh set of DataLoaders for this request, each made on first use. */
export function createContext(base: RequestBase): Context {
  return {
    ...base,
    loaders: createLoaders(base.db),
  };
}
