import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { relayStylePagination } from '@apollo/client/utilities';
import { from, switchMap } from 'rxjs';
import { accessRefused, accessToken, renewAfterRejection, secondFactorRequired } from './session/session';

/** The session's own operations never retry through a refresh: they are the refresh. */
const sessionOperations = new Set(['RefreshSession', 'LogIn', 'SignUp', 'LogOut']);

/**
 * A token can expire unseen (a laptop asleep past the renewal timer): when
 * the server answers UNAUTHENTICATED, renew once from the cookie and retry.
 */
const renewLink = new ErrorLink(({ error, operation, forward }) => {
  if (sessionOperations.has(operation.operationName ?? '')) return;
  if (operation.getContext().renewed) return;
  if (!CombinedGraphQLErrors.is(error) || !error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return;
  return from(renewAfterRejection()).pipe(
    switchMap((renewed) => {
      operation.setContext({ renewed: true });
      return renewed ? forward(operation) : from(Promise.reject(error));
    }),
  );
});

/**
 * A FORBIDDEN answer may mean that this tab's membership has ended (the user
 * left in another tab, an owner deactivated them, the account was deleted):
 * the account's layout then re-reads the memberships and says "no access".
 * TWO_FACTOR_REQUIRED: the layout shows the second factor's set-up instead.
 */
const refusedLink = new ErrorLink(({ error, operation }) => {
  if (sessionOperations.has(operation.operationName ?? '')) return;
  if (!CombinedGraphQLErrors.is(error)) return;
  if (error.errors.some((e) => e.extensions?.code === 'FORBIDDEN')) accessRefused();
  // The account requires a second factor (not the owner's own switch, which says so next to it).
  if (operation.operationName !== 'SetTwoFactorRequired' && error.errors.some((e) => e.extensions?.code === 'TWO_FACTOR_REQUIRED')) secondFactorRequired();
});

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
    link: ApolloLink.from([refusedLink, renewLink, authLink, new HttpLink({ uri: '/graphql', credentials: 'same-origin' })]),
    cache: new InMemoryCache({
      // Fragments on an interface match its implementations only when the cache knows them.
      possibleTypes: { CustomFieldValue: ['TextValue', 'NumberValue', 'MoneyValue', 'DateValue', 'BooleanValue', 'ChoiceValue', 'ChoicesValue'] },
      typePolicies: {
        // "Load more" appends the next page to the list of the same filter.
        Query: {
          fields: {
            people: relayStylePagination(['filter', 'orderBy', 'orderByCustomField']),
            companies: relayStylePagination(['filter', 'orderBy', 'orderByCustomField']),
            deals: relayStylePagination(['filter', 'orderBy', 'orderByCustomField']),
            tasks: relayStylePagination(['filter', 'orderBy']),
            auditEvents: relayStylePagination(['filter']),
          },
        },
        // One subscription per account and no ID: the billing screen's queries each read part of it, so merge them.
        AccountSubscription: { merge: true },
      },
    }),
  });
}
