import { useCallback, useEffect, useRef, useState } from 'react';
import { repMessage, request } from './api';
import { when, words } from './format';
import { CustomerTimelineDocument, type Channel, type TimelineKind } from './gql/graphql';
import type { Session } from './session';

const CHANNELS = [
  'PHONE',
  'EMAIL',
  'SMS',
  'CHAT',
  'SOCIAL',
  'MOBILE_APP',
  'WEBSITE',
  'STORE',
  'FIELD_TECHNICIAN',
] as const satisfies readonly Channel[];

const KINDS = [
  'INTERACTION',
  'NOTE_ADDED',
  'CASE_OPENED',
  'CASE_HANDED_OFF',
  'CASE_STATUS_CHANGED',
  'ORDER_PLACED',
  'ORDER_STATUS_CHANGED',
  'ORDER_CANCELLED',
  'ORDER_REPLACED',
  'APPOINTMENT_BOOKED',
  'APPOINTMENT_RESCHEDULED',
  'APPOINTMENT_CANCELLED',
  'APPOINTMENT_COMPLETED',
  'APPOINTMENT_FAILED',
  'TECHNICIAN_ASSIGNED',
  'SERVICE_ACTIVATED',
  'CONVERSATION_STARTED',
  'CONVERSATION_STEP',
  'CONVERSATION_PAUSED',
  'CONVERSATION_RESUMED',
  'CONVERSATION_ESCALATED',
  'APP_SESSION_STARTED',
  'APP_SESSION_ENDED',
  'PROFILE_UPDATED',
  'OTHER',
] as const satisfies readonly TimelineKind[];

const PAGE = 20;

interface Entry {
  cursor: string;
  occurredAt: string;
  kind: string;
  channel?: string | null;
  actor?: string | null;
  summary: string;
}

/**
 * The customer's history across channels, newest first: filter by channel and kind, and
 * the next page loads as the rep scrolls to the end (or presses "Older entries").
 * `refresh` changes when the customer changed, to reload the first page.
 */
export function Timeline({
  session,
  customerId,
  refresh,
}: {
  session: Session;
  customerId: string;
  refresh: number;
}) {
  const [channel, setChannel] = useState<Channel | ''>('');
  const [kind, setKind] = useState<TimelineKind | ''>('');
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const end = useRef<HTMLDivElement>(null);

  const fetchPage = useCallback(
    async (after: string | null) => {
      setBusy(true);
      const filter = {
        ...(channel ? { channels: [channel] } : {}),
        ...(kind ? { kinds: [kind] } : {}),
      };
      const answer = await request(
        CustomerTimelineDocument,
        { id: customerId, first: PAGE, after, filter },
        session.token,
      );
      setBusy(false);
      const page = answer.data?.customer?.timeline;
      if (!page) return setError(answer.errors.length ? repMessage(answer.errors) : 'No timeline.');
      setError('');
      const got = page.edges.map((e) => ({ cursor: e.cursor, ...e.node }));
      setEntries((old) => (after ? [...old, ...got] : got));
      setNext(page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null);
    },
    [channel, kind, customerId, session.token],
  );

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage, refresh]);

  useEffect(() => {
    const target = end.current;
    if (!target || !next) return;
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((s) => s.isIntersecting) && !busy) void fetchPage(next);
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [next, busy, fetchPage]);

  return (
    <div>
      <div className="row filters">
        <label htmlFor="tl-channel">Channel</label>
        <select
          id="tl-channel"
          value={channel}
          onChange={(e) => setChannel(e.target.value as Channel | '')}
        >
          <option value="">All channels</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {words(c)}
            </option>
          ))}
        </select>
        <label htmlFor="tl-kind">Kind</label>
        <select
          id="tl-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as TimelineKind | '')}
        >
          <option value="">All kinds</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {words(k)}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {entries.length === 0 && !busy ? (
        <p>Nothing on the timeline{channel || kind ? ' for this filter' : ''}.</p>
      ) : null}
      <ol className="timeline plain" aria-label="Timeline, newest first">
        {entries.map((entry) => (
          <li key={entry.cursor} data-testid="timeline-entry">
            <span className="muted">{when(entry.occurredAt)}</span> · <b>{words(entry.kind)}</b>
            {entry.channel ? ` · ${words(entry.channel)}` : ''}
            {entry.actor ? ` · ${entry.actor}` : ''}
            <div>{entry.summary}</div>
          </li>
        ))}
      </ol>
      <div ref={end} />
      {next ? (
        <button type="button" onClick={() => void fetchPage(next)} disabled={busy}>
          Older entries
        </button>
      ) : null}
    </div>
  );
}
