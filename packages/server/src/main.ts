// The entry point. The heap settings come first (heap-settings.ts), before any work of the server's teaches V8 anything.
// Tracing (off unless OTEL_EXPORTER_OTLP_ENDPOINT is set) starts before anything it instruments is
// loaded, so the server itself is imported only afterwards.
import './heap-settings.js';
import { startTracing } from './telemetry/tracing.js';

try {
  const tracing = await startTracing();
  const { main } = await import('./start.js');
  await main(async () => tracing?.shutdown());
} catch (error) {
  process.stderr.write(`Kontor could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
