import { useQuery } from '@apollo/client/react';
import { HealthDocument } from '@kontor/sdk';

export function ServerHealth() {
  const { data, loading, error } = useQuery(HealthDocument, { fetchPolicy: 'network-only' });
  if (loading) return <p role="status">Checking the server…</p>;
  if (error || !data) return <p role="alert" data-testid="health">Server unreachable</p>;
  const { databaseUp, databaseLatencyMs, version } = data.health;
  return (
    <p role="status" data-testid="health">
      Server {version}: database {databaseUp ? `up (${databaseLatencyMs} ms)` : 'down'}
    </p>
  );
}
