import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestStack } from './startTestStack';

/** The rep's documented operation, exactly as tools send it. */
export const CUSTOMER_CONTEXT = readFileSync(
  join(__dirname, '..', '..', 'schema', 'operations', 'CustomerContext.graphql'),
  'utf8',
);

/** The parts of a `CustomerContext` answer the tests read. */
export interface CustomerContextResult {
  customer: {
    id: string;
    displayName: string;
    attention: {
      code: string;
      severity: string;
      message: string;
      subject: { __typename: string; id: string } | null;
    }[];
    timeline: {
      edges: {
        node: { kind: string; summary: string; subject: { __typename: string; id: string } | null };
      }[];
    };
    cases: {
      id: string;
      latestHandoff: { summary: string } | null;
      notes: { body: string }[];
      appContext: unknown;
    }[];
    resumableConversations: { id: string; currentStep: number; lastChannel: string }[];
  } | null;
}

/** Sends `CustomerContext` through the gateway and fails loudly on any error. */
export async function customerContext(
  stack: TestStack,
  kind: string,
  value: string,
): Promise<NonNullable<CustomerContextResult['customer']>> {
  const result = await stack.gatewayQuery<CustomerContextResult>(CUSTOMER_CONTEXT, { kind, value });
  if (result.errors) throw new Error(`CustomerContext failed: ${JSON.stringify(result.errors)}`);
  if (!result.data?.customer) throw new Error(`no customer for ${kind} ${value}`);
  return result.data.customer;
}

/** The attention codes, sorted, for comparing with what a story should show. */
export function codes(customer: { attention: { code: string }[] }): string[] {
  return customer.attention.map((flag) => flag.code).sort();
}
