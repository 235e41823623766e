import { when, words } from './format';
import type { Customer } from './useCustomerContext';

const SEVERITY_RANK: Readonly<Record<string, number>> = { CRITICAL: 0, WARNING: 1, INFO: 2 };

/**
 * Attention flags, most severe first. Rendered from code, severity and message only, so
 * a code added to the graph later shows without a console change.
 */
export function Attention({ flags }: { flags: Customer['attention'] }) {
  const sorted = [...(flags ?? [])].sort(
    (a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9),
  );
  if (sorted.length === 0) return <p>Nothing needs attention.</p>;
  return (
    <ul className="plain" aria-label="Attention flags, most severe first">
      {sorted.map((flag, i) => (
        <li
          key={`${flag.code}-${i}`}
          className={`flag ${flag.severity.toLowerCase()}`}
          data-code={flag.code}
        >
          <span className="severity">{flag.severity}</span> <code>{flag.code}</code>
          <p>{flag.message}</p>
        </li>
      ))}
    </ul>
  );
}

/** Conversations in progress and those the customer can resume, with the step each stopped at. */
export function Conversations({ customer }: { customer: Customer }) {
  const active = customer.activeConversations ?? [];
  const resumable = customer.resumableConversations ?? [];
  if (active.length + resumable.length === 0) return <p>No conversations in progress.</p>;
  return (
    <ul className="plain">
      {active.map((c) => (
        <li key={c.id}>
          <b>{c.topic}</b> · active on {words(c.lastChannel)} · step {c.currentStep}
          {c.totalSteps ? ` of ${c.totalSteps}` : ''}
          {c.stepName ? ` (${c.stepName})` : ''}
        </li>
      ))}
      {resumable.map((c) => (
        <li key={c.id}>
          <b>{c.topic}</b> · can be resumed: stopped at step {c.currentStep}
          {c.totalSteps ? ` of ${c.totalSteps}` : ''}
          {c.stepName ? ` (${c.stepName})` : ''} on {words(c.lastChannel)}, {when(c.lastActivityAt)}
        </li>
      ))}
    </ul>
  );
}

/** Recent orders with their fulfilment and any jeopardy alert. */
export function Orders({ customer }: { customer: Customer }) {
  const orders = customer.orders?.edges.map((e) => e.node) ?? [];
  if (orders.length === 0) return <p>No orders.</p>;
  return (
    <ul className="plain">
      {orders.map((o) => (
        <li key={o.id}>
          <b>{o.id}</b> · {words(o.status)} · {words(o.channel)} · {when(o.placedAt)}
          <ul>
            {o.items.map((item, i) => (
              <li key={i}>
                {item.quantity} × {item.offering?.name ?? 'unknown offering'} (
                {words(item.deliveryMethod)})
              </li>
            ))}
          </ul>
          {o.fulfilment ? (
            <p>
              Fulfilment {o.fulfilment.id}: {words(o.fulfilment.status)}
              {o.fulfilment.jeopardyAlerts.map((a) => (
                <span key={a.name} className="warn-text">
                  {' '}
                  · jeopardy: {a.message}
                </span>
              ))}
            </p>
          ) : null}
          {o.replacedBy ? <p className="muted">Replaced by {o.replacedBy.id}</p> : null}
        </li>
      ))}
    </ul>
  );
}

/** What is installed and active. */
export function Services({ customer }: { customer: Customer }) {
  const services = customer.services ?? [];
  if (services.length === 0) return <p>No services.</p>;
  return (
    <ul className="plain">
      {services.map((s) => (
        <li key={s.id}>
          <b>{s.offering?.name ?? s.id}</b> · {words(s.status)} · {words(s.deliveryMethod)}
          {s.offering?.downloadMbps ? ` · ${s.offering.downloadMbps} Mbit/s` : ''}
        </li>
      ))}
    </ul>
  );
}

/** Upcoming appointments: when, what job, the skills it needs and the technician's. */
export function Appointments({ customer }: { customer: Customer }) {
  const appointments = customer.appointments ?? [];
  if (appointments.length === 0) return <p>No upcoming appointments.</p>;
  return (
    <ul className="plain">
      {appointments.map((a) => (
        <li key={a.id}>
          <b>{words(a.jobType)}</b> · {words(a.status)} · {when(a.window.start)} –{' '}
          {when(a.window.end)}
          <br />
          Needs: {a.requiredSkills.map(words).join(', ') || 'no special skill'} · Technician:{' '}
          {a.technician
            ? `${a.technician.name} (${a.technician.skills.map(words).join(', ')})`
            : 'not assigned'}
        </li>
      ))}
    </ul>
  );
}

/** Whether the customer is in the mobile app now, and where. */
export function InApp({ customer }: { customer: Customer }) {
  const now = customer.inAppNow;
  if (!now) return <p>Not in the app right now.</p>;
  return (
    <p>
      In the app now, on <b>{now.screen}</b>
      {now.function ? `, trying ${now.function}` : ''}
      {now.succeeded === false ? ' (it failed)' : ''} since {when(now.since)}.
    </p>
  );
}
