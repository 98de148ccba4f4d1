import { ServerHealth } from './features/health/ServerHealth';
import { isPlaygroundPath, PlaygroundRoute } from './features/playground/PlaygroundRoute';

/** The shell: the product's name and the server's health. The CRM screens come with their features. */
export function App() {
  if (isPlaygroundPath(window.location.pathname)) return <PlaygroundRoute />;
  return (
    <main className="shell">
      <h1 className="shell__title">Kontor</h1>
      <p className="shell__tagline">One login, many separate CRM accounts.</p>
      <ServerHealth />
    </main>
  );
}
