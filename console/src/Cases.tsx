import { useState, type FormEvent } from 'react';
import { addNote, transferCase } from './actions';
import { isStaff, type Session } from './session';
import type { Customer } from './useCustomerContext';
import { when } from './format';

type Case = NonNullable<Customer['cases']>[number];

/** Teams a case can be passed to. */
const TEAMS = ['care', 'sales', 'social', 'technical'] as const;

interface CasesProps {
  session: Session;
  cases: readonly Case[];
  lastViewedBy: (agentId: string) => string | null | undefined;
  /** Reloads the customer; resolves with the case as it is now (null if gone). */
  reloadCase: (caseId: string) => Promise<Case | null>;
}

/** Open cases: the latest handoff on top, then the notes, newest first, unread ones marked. */
export function Cases({ session, cases, lastViewedBy, reloadCase }: CasesProps) {
  if (cases.length === 0) return <p>No open cases.</p>;
  return (
    <ul className="plain">
      {cases.map((c) => (
        <li key={c.id} className="case" aria-labelledby={`case-${c.id}`}>
          <h3 id={`case-${c.id}`}>
            {c.title} <span className="muted">({c.id})</span>
          </h3>
          <p className="muted">
            {c.status}
            {c.priority ? ` · ${c.priority} priority` : ''}
            {c.team ? ` · team ${c.team}` : ''}
            {c.assignedTo ? ` · assigned to ${c.assignedTo.name}` : ''}
            {c.channel ? ` · via ${c.channel}` : ''}
          </p>
          {c.latestHandoff ? (
            <div className="handoff" data-testid="handoff">
              <strong>Handoff to {c.latestHandoff.toTeam}</strong>
              {c.latestHandoff.fromAgent ? ` from ${c.latestHandoff.fromAgent.name}` : ''}
              {c.latestHandoff.toAgent ? ` to ${c.latestHandoff.toAgent.name}` : ''}
              {` · ${when(c.latestHandoff.at)}`}
              <p>{c.latestHandoff.summary}</p>
            </div>
          ) : null}
          {c.appContext ? (
            <p className="muted">
              From the app: screen {c.appContext.screen}
              {c.appContext.step != null ? `, step ${c.appContext.step}` : ''}
            </p>
          ) : null}
          <Notes c={c} session={session} lastViewedBy={lastViewedBy} />
          {isStaff(session) ? (
            <CaseActions session={session} c={c} reloadCase={reloadCase} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function Notes({
  c,
  session,
  lastViewedBy,
}: {
  c: Case;
  session: Session;
  lastViewedBy: CasesProps['lastViewedBy'];
}) {
  const notes = [...(c.notes ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (notes.length === 0) return null;
  const assignee = c.assignedTo;
  const seen = assignee ? lastViewedBy(assignee.id) : undefined;
  const unread = (note: (typeof notes)[number]): boolean =>
    !!assignee &&
    seen !== undefined &&
    note.author.name !== assignee.name &&
    (seen === null || note.createdAt > seen);
  return (
    <ol className="notes plain" aria-label={`Notes on ${c.title}`}>
      {notes.map((note) => (
        <li key={note.id} className={unread(note) ? 'note unread' : 'note'} data-testid="note">
          {unread(note) ? (
            <span className="badge" data-testid="unread">
              {assignee?.id === session.sub
                ? 'New since you last opened'
                : `Unread by ${assignee?.name ?? ''}`}
            </span>
          ) : null}
          <p>{note.body}</p>
          <p className="muted">
            {note.author.name} ({note.author.team}) · {when(note.createdAt)}
          </p>
        </li>
      ))}
    </ol>
  );
}

function CaseActions({
  session,
  c,
  reloadCase,
}: {
  session: Session;
  c: Case;
  reloadCase: CasesProps['reloadCase'];
}) {
  const [note, setNote] = useState('');
  const [noteKey, setNoteKey] = useState(() => crypto.randomUUID());
  const [team, setTeam] = useState<string>(TEAMS.find((t) => t !== c.team) ?? 'care');
  const [summary, setSummary] = useState('');
  const [toAgent, setToAgent] = useState('');
  const [transferKey, setTransferKey] = useState(() => crypto.randomUUID());
  // An edited transfer is a new action: it gets a new key, so it is never refused as a reuse.
  const editTransfer = (set: (value: string) => void) => (value: string) => {
    set(value);
    setTransferKey(crypto.randomUUID());
  };
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const sendNote = async (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) return setMessage({ error: true, text: 'Write the note first.' });
    setBusy(true);
    const failed = await addNote(session, c.id, note.trim(), noteKey);
    setBusy(false);
    if (failed) return setMessage({ error: true, text: failed });
    setNote('');
    // A new note gets a new key; a failed one keeps its key, so trying again is safe.
    setNoteKey(crypto.randomUUID());
    setMessage({ error: false, text: 'Note added.' });
    await reloadCase(c.id);
  };

  const sendTransfer = async (event: FormEvent) => {
    event.preventDefault();
    if (!summary.trim()) {
      return setMessage({
        error: true,
        text: 'Say what the next rep must know and do: a summary is required.',
      });
    }
    setBusy(true);
    const failed = await transferCase(
      session,
      c.id,
      team,
      toAgent.trim() || null,
      summary.trim(),
      transferKey,
    );
    setBusy(false);
    if (failed) return setMessage({ error: true, text: failed });
    setSummary('');
    setToAgent('');
    // A new transfer gets a new key; a failed one keeps its key, so trying again is safe.
    setTransferKey(crypto.randomUUID());
    setMessage({ error: false, text: `Case transferred to ${team}.` });
    await reloadCase(c.id);
  };

  return (
    <div className="actions">
      <form onSubmit={(e) => void sendNote(e)}>
        <label htmlFor={`note-${c.id}`}>Add a note to this case</label>
        <textarea
          id={`note-${c.id}`}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
        />
        <button type="submit" disabled={busy}>
          Add note
        </button>
      </form>
      <form onSubmit={(e) => void sendTransfer(e)}>
        <label htmlFor={`team-${c.id}`}>Transfer to team</label>
        <select
          id={`team-${c.id}`}
          value={team}
          onChange={(e) => editTransfer(setTeam)(e.target.value)}
        >
          {TEAMS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <label htmlFor={`agent-${c.id}`}>
          To agent id (optional; empty leaves it in the team queue)
        </label>
        <input
          id={`agent-${c.id}`}
          value={toAgent}
          onChange={(e) => editTransfer(setToAgent)(e.target.value)}
          autoComplete="off"
        />
        <label htmlFor={`summary-${c.id}`}>Handoff summary (required)</label>
        <textarea
          id={`summary-${c.id}`}
          value={summary}
          onChange={(e) => editTransfer(setSummary)(e.target.value)}
          rows={2}
          aria-required="true"
        />
        <button type="submit" disabled={busy}>
          Transfer case
        </button>
      </form>
      {message ? (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
