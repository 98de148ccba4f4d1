import { trace } from '@opentelemetry/api';

/** The trace the current work belongs to, for log lines; undefined while tracing is off. */
export function currentTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.traceId : undefined;
}
