import v8 from 'node:v8';

/**
 * V8's allocation-site pretenuring, off before the server loads anything. With it on, the work done while the server
 * starts (migrations, the first sign-up) taught V8 that objects from some allocation sites live long, so from then on
 * those sites allocated straight into the old generation; there a dead one counts as a root for every young-generation
 * collection until the next full one, and keeps alive, and promotes, the young objects it points to. Measured with
 * bench/gc-probe.mjs on the list page (README, Benchmarks): some 500 KB promoted a scavenge with it, under 1 KB
 * without, and scavenge pauses of 2.9 against 1.2 ms. V8 reads the flag at each collection, so it takes effect here.
 */
export const heapFlags = ['--no-allocation-site-pretenuring'] as const;

for (const flag of heapFlags) v8.setFlagsFromString(flag);
