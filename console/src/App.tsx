import { useState } from 'react';
import { CustomerScreen } from './CustomerScreen';
import { FindCustomer, type Lookup } from './FindCustomer';
import { SignIn } from './SignIn';
import type { Session } from './session';

/** The rep console: sign in, find a customer, see and act on their context. */
export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [lookup, setLookup] = useState<Lookup | null>(null);
  return (
    <>
      <header className="top" role="banner">
        <h1>Rep console</h1>
        {session ? (
          <div className="row">
            <span data-testid="signed-in-as">
              {session.name} · {session.role}
              {session.team ? `, ${session.team}` : ''}
            </span>
            <button
              type="button"
              onClick={() => {
                setSession(null);
                setLookup(null);
              }}
            >
              Sign out
            </button>
          </div>
        ) : null}
      </header>
      <main>
        {session ? (
          <>
            <FindCustomer onFind={setLookup} busy={false} />
            {lookup ? (
              <CustomerScreen
                key={`${lookup.kind}:${lookup.value}`}
                session={session}
                lookup={lookup}
              />
            ) : (
              <p>
                Find a customer by phone (any format), email, social handle, account number or app
                device.
              </p>
            )}
          </>
        ) : (
          <SignIn onSignedIn={setSession} />
        )}
      </main>
    </>
  );
}
