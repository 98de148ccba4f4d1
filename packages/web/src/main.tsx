import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApolloClient } from './apollo';
import { App } from './App';
import { languageReady } from './i18n/i18n';
import { connectSession, restoreSession } from './session/session';
import './ui/base.css';

const client = createApolloClient();
connectSession(client);
// A reload keeps the tab in the account of its URL.
void restoreSession(/^\/a\/([^/]+)/.exec(window.location.pathname)?.[1]);

void languageReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ApolloProvider client={client}>
        <App />
      </ApolloProvider>
    </StrictMode>,
  ),
);
