import type { ReactNode } from 'react';
import { ErrorState, Loading } from './States';

export interface QueryStatesProps<T> {
  /** The query's answer, or the part of it the screen shows; null or undefined until it has come. */
  data: T | null | undefined;
  loading: boolean;
  error: unknown;
  /** Asks again (the query's `refetch`), offered with the error. */
  onRetry(): unknown;
  /**
   * Keep what was loaded on screen while the query loads again (a refetch,
   * other variables, "show more"); the spinner shows only until the first
   * answer. Without it the spinner replaces the screen whenever it loads.
   */
  keepWhileLoading?: boolean;
  /** Shown when the query answered without an error but `data` is null (a record that does not exist); without it, that is an error. */
  notFound?: ReactNode;
  /** Whether the answer has nothing to show: then `empty` is shown instead of `children`. */
  isEmpty?(data: NonNullable<T>): boolean;
  empty?: ReactNode;
  children(data: NonNullable<T>): ReactNode;
}

/**
 * The ladder every screen that shows a query climbs: loading, then the error
 * (with "try again"), then "not found" or "nothing here yet", then the data.
 */
export function QueryStates<T>(props: QueryStatesProps<T>) {
  const { data, loading, error } = props;
  const retry = () => void props.onRetry();
  if (loading && (data == null || !props.keepWhileLoading)) return <Loading />;
  if (error) return <ErrorState error={error} onRetry={retry} />;
  if (data == null) return props.notFound !== undefined ? <>{props.notFound}</> : <ErrorState error={error} onRetry={retry} />;
  if (props.isEmpty?.(data)) return <>{props.empty}</>;
  return <>{props.children(data)}</>;
}
