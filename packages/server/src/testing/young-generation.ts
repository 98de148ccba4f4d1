import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * For tests that a finished request is not kept alive by the young-generation collections (V8's scavenges) until
 * the next full collection: what `run` leaves behind is collected by two scavenges, or it is promoted to the old
 * generation, which this measures.
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (options?: { type: 'major' | 'minor' }) => void;

/** Some 200 KB in small objects, none large enough for V8's large-object space: what a retained request would drag along. */
export function payload(): unknown[] {
  return Array.from({ length: 10 }, (_, i) => Array.from({ length: 1000 }, (_, j) => ({ i, j })));
}

/** Bytes promoted to the old generation by two scavenges right after `run` (after a full collection before it). */
export async function promotedAfter(run: () => Promise<unknown> | unknown): Promise<number> {
  gc({ type: 'major' });
  await run();
  const before = oldGenerationBytes();
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  return oldGenerationBytes() - before;
}

function oldGenerationBytes(): number {
  return v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!.space_used_size;
}
