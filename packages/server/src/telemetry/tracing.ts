import { register } from 'node:module';

/**
 * OpenTelemetry traces for HTTP, GraphQL and PostgreSQL: off by default, on
 * when OTEL_EXPORTER_OTLP_ENDPOINT is set (spans go there over OTLP/HTTP; the
 * exporter also reads the other standard OTEL_EXPORTER_OTLP_* settings, and
 * OTEL_SERVICE_NAME names the service, "kontor" by default).
 *
 * It must run before the modules it instruments are loaded: main.ts calls it
 * first and imports the server afterwards. The ES module hook
 * (import-in-the-middle, limited to the instrumented modules) lets the
 * instrumentations patch modules that are imported rather than required. GraphQL's resolver spans are left out: one
 * per field would drown a list's trace.
 */
export async function startTracing(env: NodeJS.ProcessEnv = process.env): Promise<{ shutdown(): Promise<void> } | undefined> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()) return undefined;
  // Loaded only when tracing is on: a server without it starts as fast as before.
  const [{ OTLPTraceExporter }, { registerInstrumentations }, { GraphQLInstrumentation }, { HttpInstrumentation }, { PgInstrumentation }, { resourceFromAttributes }, { BatchSpanProcessor }, { NodeTracerProvider }] =
    await Promise.all([
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/instrumentation'),
      import('@opentelemetry/instrumentation-graphql'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-pg'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/sdk-trace-node'),
    ]);
  // Only the modules instrumented here go through the hook: it does not cope with every package's ES exports.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: ['pg', 'pg-pool', 'graphql', 'http', 'node:http'] } });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || 'kontor' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  registerInstrumentations({
    instrumentations: [
      // The calendar feed's token is its credential: its path never becomes a span name or attribute.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => (req.url ?? '').startsWith('/calendar/') }),
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, ignoreResolveSpans: true }),
      new PgInstrumentation(),
    ],
  });
  return { shutdown: () => provider.shutdown() };
}
