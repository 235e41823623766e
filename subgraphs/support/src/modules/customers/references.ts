/** A flag an owner raised, as `@requires` hands it to support. */
export interface OwnerFlagRef {
  code: string;
  severity: 'INFO' | 'WARNING' | 'CRITICAL';
  message: string;
  subjectType: string;
  subjectId: string;
}

/**
 * A `Customer` as `support` knows it: the key, plus the owners' fields that
 * `Customer.attention` requires when the gateway asks for it.
 */
export interface CustomerRef {
  id: string;
  crmAttention?: OwnerFlagRef[];
  ordersAttention?: OwnerFlagRef[];
  provisioningAttention?: OwnerFlagRef[];
  engagementAttention?: OwnerFlagRef[];
  inFlightOrderIds?: string[];
}

/** An `Order` as `support` knows it: only the key; `orders` owns the rest. */
export interface OrderRef {
  id: string;
}
