import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';

/** The app's one Apollo Client; the server is the same origin that served the app. */
export function createApolloClient(): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: '/graphql', credentials: 'same-origin' }),
    cache: new InMemoryCache(),
  });
}
