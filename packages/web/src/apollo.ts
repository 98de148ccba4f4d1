import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { accessToken } from './session/session';

/** Every request carries this tab's access token; the refresh cookie goes along for the session mutations. */
const authLink = new ApolloLink((operation, forward) => {
  const token = accessToken();
  if (token) {
    operation.setContext(({ headers }: { headers?: Record<string, string> }) => ({
      headers: { ...headers, authorization: `Bearer ${token}` },
    }));
  }
  return forward(operation);
});

/** The app's one Apollo Client; the server is the same origin that served the app. */
export function createApolloClient(): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([authLink, new HttpLink({ uri: '/graphql', credentials: 'same-origin' })]),
    cache: new InMemoryCache({
      typePolicies: {
        // "Load more" appends the next page to the list of the same filter.
        Query: {
          fields: {
            people: relayStylePagination(['filter', 'orderBy']),
            companies: relayStylePagination(['filter', 'orderBy']),
            deals: relayStylePagination(['filter', 'orderBy']),
          },
        },
      },
    }),
  });
}
