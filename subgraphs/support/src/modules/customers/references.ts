/** A `Customer` as `support` knows it: only the key; `crm` owns the rest. */
export interface CustomerRef {
  id: string;
}

/** An `Order` as `support` knows it: only the key; `orders` owns the rest. */
export interface OrderRef {
  id: string;
}
