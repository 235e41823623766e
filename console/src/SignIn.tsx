import { useEffect, useState, type FormEvent } from 'react';
import { devSignInOffered, sessionFromToken, type Session } from './session';

interface DevPerson {
  sub: string;
  name: string;
  role: string;
  team?: string;
}

const DEV_TOKEN_PATH = '/console/dev-token';

/**
 * Signing in: in development a picker of the seeded people (the token comes from the
 * gateway's dev-only endpoint, in a POST body); anywhere, a pasted token. The token stays
 * in this page's memory: never in the URL, storage or a log.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [people, setPeople] = useState<DevPerson[]>([]);
  const [picked, setPicked] = useState('');
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState('');
  const dev = devSignInOffered();

  useEffect(() => {
    if (!dev) return;
    void fetch(DEV_TOKEN_PATH)
      .then((r) => (r.ok ? (r.json() as Promise<{ people: DevPerson[] }>) : { people: [] }))
      .then((body) => {
        setPeople(body.people);
        setPicked(body.people[0]?.sub ?? '');
      })
      .catch(() => setError('The development sign-in cannot be reached.'));
  }, [dev]);

  const pick = async (event: FormEvent) => {
    event.preventDefault();
    const person = people.find((p) => p.sub === picked);
    if (!person) return;
    const response = await fetch(DEV_TOKEN_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: person.sub }),
    }).catch(() => null);
    const body = response?.ok ? ((await response.json()) as { token: string }) : null;
    const session = body ? sessionFromToken(body.token, person.name) : null;
    if (session) onSignedIn(session);
    else setError('Could not sign in as that person. Try again.');
  };

  const paste = (event: FormEvent) => {
    event.preventDefault();
    const session = sessionFromToken(pasted.replace(/^Bearer\s+/i, ''));
    if (session) onSignedIn(session);
    else setError('That is not a token. Paste the whole token your sign-in gave you.');
  };

  return (
    <section className="card sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      {dev && people.length > 0 ? (
        <form onSubmit={(e) => void pick(e)} className="row">
          <label htmlFor="dev-person">Sign in as (development)</label>
          <select id="dev-person" value={picked} onChange={(e) => setPicked(e.target.value)}>
            {people.map((p) => (
              <option key={p.sub} value={p.sub}>
                {p.name} — {p.role}
                {p.team ? `, ${p.team}` : ''}
              </option>
            ))}
          </select>
          <button type="submit">Sign in</button>
        </form>
      ) : null}
      <form onSubmit={paste} className="row">
        <label htmlFor="pasted-token">Or paste a token from your identity provider</label>
        <input
          id="pasted-token"
          type="password"
          autoComplete="off"
          value={pasted}
          onChange={(e) => setPasted(e.target.value)}
        />
        <button type="submit">Use token</button>
      </form>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
