import type { InputLimits } from '../lib/inputBounds/inputLimits';

/**
 * The upper bound of every string and list a client may send, declared once beside the
 * schema. The gateway refuses an operation over a bound with `BAD_USER_INPUT` (HTTP 400)
 * naming the field and the limit, before planning; every subgraph checks the same bounds
 * again, since it can be called directly. An input without an entry here gets the
 * defaults, so a field added to any subgraph is bounded from its first day
 * (test/integration/inputLimits.test.ts proves it for every input of the API schema).
 *
 * Why a module and not an SDL directive: the limits are a policy of this deployment, not
 * a part of the API contract a subgraph composes, and one table is easier to review
 * than numbers scattered over five SDLs. Keys are GraphQL schema coordinates.
 */
export const inputLimits: InputLimits = Object.freeze({
  // Names, identifiers, emails (254 at most), phone numbers, idempotency keys, cursors,
  // screen and step names: short. PostgreSQL's index entries stay far below their limit.
  maxStringLength: 256,
  // Our ids are under 40 characters; room for other systems' ids.
  maxIdLength: 128,
  maxListItems: 100,
  fields: {
    // Free text people write.
    'AddNoteInput.body': { maxLength: 10_000 },
    'TransferCaseInput.summary': { maxLength: 2_000 },
    'CancelOrderInput.reason': { maxLength: 1_000 },
    'ReplaceOrderInput.reason': { maxLength: 1_000 },
    'CancelAppointmentInput.reason': { maxLength: 1_000 },
    'RescheduleAppointmentInput.reason': { maxLength: 1_000 },
    // What the app saw on a screen (a form field's content).
    'AppContextFieldInput.value': { maxLength: 1_000 },
    // An order has a handful of items; a page of ids is a page.
    'PlaceOrderInput.items': { maxItems: 20 },
    'ReplaceOrderInput.items': { maxItems: 20 },
    'Query.customersByIds(ids:)': { maxItems: 100 },
    // Federation: the gateway's batched entity fetches to a subgraph.
    'Query._entities(representations:)': { maxItems: 2_000 },
  },
});
