import { useState, type FormEvent } from 'react';
import type { IdentifierKind } from './gql/graphql';
import { guessKind, IDENTIFIER_KINDS } from './identifier';

/** What the rep asked for. */
export interface Lookup {
  kind: IdentifierKind;
  value: string;
}

/** The search form: anything a channel knows, its kind guessed unless the rep picks one. */
export function FindCustomer({
  onFind,
  busy,
}: {
  onFind: (lookup: Lookup) => void;
  busy: boolean;
}) {
  const [value, setValue] = useState('');
  const [kind, setKind] = useState<IdentifierKind | 'GUESS'>('GUESS');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = value.trim();
    if (!trimmed) return;
    onFind({ kind: kind === 'GUESS' ? guessKind(trimmed) : kind, value: trimmed });
  };
  return (
    <form className="find row" role="search" onSubmit={submit}>
      <label htmlFor="find-value">Find a customer</label>
      <input
        id="find-value"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="phone, email, @handle, account or app device"
        autoComplete="off"
      />
      <label htmlFor="find-kind" className="visually-hidden">
        Identifier kind
      </label>
      <select
        id="find-kind"
        value={kind}
        onChange={(e) => setKind(e.target.value as IdentifierKind | 'GUESS')}
      >
        <option value="GUESS">Any (guess)</option>
        {IDENTIFIER_KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </select>
      <button type="submit" disabled={busy}>
        Find
      </button>
    </form>
  );
}
