import { useCallback, useEffect, useState } from 'react';
import { isForbidden, repMessage, request } from './api';
import type { Lookup } from './FindCustomer';
import {
  CustomerContextDocument,
  NotesReadByDocument,
  type CustomerContextQuery,
} from './gql/graphql';
import { kindWords } from './identifier';
import { followCustomer, type LiveStatus } from './live';
import { isStaff, type Session } from './session';

/** The customer as `CustomerContext` answers (fields the caller may not read are null). */
export type Customer = NonNullable<CustomerContextQuery['customer']>;

/** The gateway's time now (its `Date` header, whole seconds), or this browser's. */
async function gatewayNow(): Promise<string> {
  const date = await fetch('/health')
    .then((r) => r.headers.get('date'))
    .catch(() => null);
  const at = date ? Date.parse(date) : Number.NaN;
  return new Date(Number.isNaN(at) ? Date.now() : at).toISOString();
}

/** What the screen shows for one lookup. */
export type ContextState =
  | { status: 'loading' }
  | { status: 'none'; message: string }
  | { status: 'refused'; message: string }
  | { status: 'ready'; customer: Customer; hidden: number; updatedAt: Date };

/**
 * Loads the customer a lookup finds, follows them live (every pushed change reloads the
 * context), and keeps, per assignee of an open case, when they last opened the customer
 * (for the unread marks). A staff viewer's own last opening is read once, before this
 * one, so the notes new to them stay marked while they read.
 */
export function useCustomerContext(session: Session, lookup: Lookup) {
  const [state, setState] = useState<ContextState>({ status: 'loading' });
  const [readBy, setReadBy] = useState<Readonly<Record<string, string | null>>>({});
  const [live, setLive] = useState<LiveStatus>('connecting');
  const [changes, setChanges] = useState(0);
  const [ownView, setOwnView] = useState<{ at: string | null } | null>(null);

  const load = useCallback(async (): Promise<Customer | null> => {
    const answer = await request(CustomerContextDocument, lookup, session.token);
    const customer = answer.data?.customer ?? null;
    if (!customer) {
      if (answer.errors.length === 0) {
        setState({
          status: 'none',
          message: `No one found with ${kindWords(lookup.kind)} ${lookup.value}.`,
        });
      } else if (isForbidden(answer.errors)) {
        setState({
          status: 'refused',
          message: `Not allowed: you may not see the customer with ${kindWords(lookup.kind)} ${lookup.value}.`,
        });
      } else {
        setState({ status: 'refused', message: repMessage(answer.errors) });
      }
      return null;
    }
    setState({ status: 'ready', customer, hidden: answer.errors.length, updatedAt: new Date() });
    if (isStaff(session)) {
      const assignees = [...new Set((customer.cases ?? []).flatMap((c) => c.assignedTo?.id ?? []))];
      const others = assignees.filter((id) => id !== session.sub);
      const views = await Promise.all(
        others.map(async (agentId) => {
          const read = await request(NotesReadByDocument, { ...lookup, agentId }, session.token);
          return [agentId, read.data?.customer?.lastViewedBy ?? null] as const;
        }),
      );
      setReadBy(Object.fromEntries(views));
    }
    return customer;
  }, [lookup, session]);

  useEffect(() => {
    let stopped = false;
    let stopLive = (): void => undefined;
    setOwnView(null);
    setState({ status: 'loading' });
    void (async () => {
      // Every read of the customer by an agent is an opening, this screen's too: ask for
      // the viewer's last opening before this screen's first read, by the gateway's clock.
      if (isStaff(session)) {
        const before = await gatewayNow();
        const own = await request(
          NotesReadByDocument,
          { ...lookup, agentId: session.sub, before },
          session.token,
        );
        if (stopped) return;
        setOwnView({ at: own.data?.customer?.lastViewedBy ?? null });
      }
      const customer = await load();
      if (!customer || stopped) return;
      stopLive = followCustomer(
        customer.id,
        session.token,
        () => {
          setChanges((n) => n + 1);
          void load();
        },
        setLive,
      );
    })();
    return () => {
      stopped = true;
      stopLive();
    };
  }, [load, lookup, session]);

  /** When `agentId` last opened this customer: the viewer's own view as it was on opening. */
  const lastViewedBy = (agentId: string): string | null | undefined =>
    agentId === session.sub ? ownView?.at : readBy[agentId];

  return { state, live, changes, lastViewedBy, reload: load };
}
