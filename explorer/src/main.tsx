import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { EXAMPLES } from './examples';
import { gatewayFetcher } from './fetcher';
import { gatewaySettings } from './gatewaySettings';
import './explorer.css';

const settings = gatewaySettings();
const fetcher = gatewayFetcher('/graphql');
const defaultHeaders = JSON.stringify({ authorization: 'Bearer ' }, null, 2);

/** Why a document may be refused, said before anyone types one. */
function modeNotice(): string | null {
  switch (settings.trustedDocuments) {
    case 'require':
      return 'This gateway runs only registered operations (TRUSTED_DOCUMENTS=require): the example tabs run; a typed or edited document is refused with TRUSTED_DOCUMENT_REQUIRED. Schema docs are off here, since introspection is not a registered operation.';
    case 'allow-registered':
      return 'Registered operations run as sent; other documents are checked against the allow-list (TRUSTED_DOCUMENTS=allow-registered).';
    case 'off':
      return null;
  }
}

function Explorer() {
  const notice = modeNotice();
  // Introspection is itself a document: where only registered ones run, do not send it.
  const canIntrospect = settings.introspection && settings.trustedDocuments !== 'require';
  return (
    <div className="explorer">
      <header className="explorer-bar" role="banner">
        <h1>GraphQL explorer</h1>
        <p>
          Put your token in <b>Headers</b> as <code>{'"authorization": "Bearer <token>"'}</code>.
          Development: <code>npm start</code> prints one, or{' '}
          <code>
            npm run -s token -- --role agent --sub agt-care-jordan --team care --scopes pii:read
          </code>
          . Subscriptions run over WebSocket at <code>/graphql</code> (SSE:{' '}
          <code>/graphql/stream</code>).
        </p>
        {notice ? <p className="explorer-notice">{notice}</p> : null}
      </header>
      <main className="explorer-main">
        <GraphiQL
          fetcher={fetcher}
          defaultHeaders={defaultHeaders}
          shouldPersistHeaders={false}
          isHeadersEditorEnabled
          defaultEditorToolsVisibility="headers"
          {...(canIntrospect ? {} : { schema: null })}
          // GraphiQL 4 seeds the first tab's variable editor from this prop, not from
          // defaultTabs[0] (its query comes from the tab, its variables do not).
          variables={EXAMPLES[0]?.variables}
          defaultTabs={EXAMPLES.map((example) => ({
            query: example.query,
            variables: example.variables,
            headers: defaultHeaders,
          }))}
        />
      </main>
    </div>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Explorer />
    </StrictMode>,
  );
}
