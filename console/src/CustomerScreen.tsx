import type { ReactNode } from 'react';
import { Cases } from './Cases';
import type { Lookup } from './FindCustomer';
import { Appointments, Attention, Conversations, InApp, Orders, Services } from './Sections';
import type { Session } from './session';
import { Timeline } from './Timeline';
import { useCustomerContext } from './useCustomerContext';

const LIVE_WORDS = {
  connecting: 'Connecting live updates…',
  live: 'Live: changes made elsewhere show here',
  lost: 'Live connection lost: reconnecting. What you see may be out of date.',
} as const;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id} data-section={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** The customer's context in one screen, kept current by the live subscription. */
export function CustomerScreen({ session, lookup }: { session: Session; lookup: Lookup }) {
  const { state, live, changes, lastViewedBy, reload } = useCustomerContext(session, lookup);
  if (state.status === 'loading') return <p role="status">Looking up {lookup.value}…</p>;
  if (state.status === 'none')
    return (
      <p role="status" className="notice">
        {state.message}
      </p>
    );
  if (state.status === 'refused')
    return (
      <p role="alert" className="error">
        {state.message}
      </p>
    );
  const { customer } = state;
  return (
    <div className="customer">
      <div className="customer-head">
        <h2 className="name">{customer.displayName}</h2>
        <p className="muted">
          {customer.id}
          {customer.accountNumber ? ` · ${customer.accountNumber}` : ''}
          {customer.status ? ` · ${customer.status.toLowerCase()}` : ''}
          {customer.segment ? ` · ${customer.segment.toLowerCase()}` : ''}
        </p>
        <p className={`live ${live}`} role="status" aria-live="polite" data-live={live}>
          {LIVE_WORDS[live]}
          {changes > 0 ? ` · updated ${state.updatedAt.toLocaleTimeString()}` : ''}
        </p>
        {state.hidden > 0 ? (
          <p className="muted">Some details are not shown: your sign-in may not read them.</p>
        ) : null}
      </div>
      <div className="grid">
        <Section id="attention" title="Needs attention">
          <Attention flags={customer.attention} />
        </Section>
        <Section id="cases" title="Open cases">
          <Cases
            session={session}
            cases={customer.cases ?? []}
            lastViewedBy={lastViewedBy}
            reloadCase={async (caseId) =>
              (await reload())?.cases?.find((c) => c.id === caseId) ?? null
            }
          />
        </Section>
        <Section id="conversations" title="Conversations">
          <Conversations customer={customer} />
        </Section>
        <Section id="app" title="In the app">
          <InApp customer={customer} />
        </Section>
        <Section id="orders" title="Orders">
          <Orders customer={customer} />
        </Section>
        <Section id="services" title="Services">
          <Services customer={customer} />
        </Section>
        <Section id="appointments" title="Upcoming appointments">
          <Appointments customer={customer} />
        </Section>
        <Section id="contacts" title="Contact points">
          <ul className="plain">
            {(customer.contactPoints ?? []).map((c, i) => (
              <li key={i}>
                {c.kind.toLowerCase().replace(/_/g, ' ')}: {c.value ?? c.masked}
                {c.isPrimary ? ' (primary)' : ''}
              </li>
            ))}
          </ul>
        </Section>
        <Section id="timeline" title="Timeline">
          <Timeline session={session} customerId={customer.id} refresh={changes} />
        </Section>
      </div>
    </div>
  );
}
