// Loaded into the server under benchmark (node --expose-gc --import ./heap-probe.mjs, by bench/import.mjs), never in
// production: GET http://127.0.0.1:$KONTOR_BENCH_HEAP_PORT/ runs a full collection and answers what is alive then
// (V8's used heap, the heap V8 holds, ArrayBuffers and other memory outside the heap) and the process's RSS, in bytes.
import http from 'node:http';
import v8 from 'node:v8';

const port = Number(process.env.KONTOR_BENCH_HEAP_PORT);
if (port > 0 && typeof globalThis.gc === 'function') {
  const probe = http.createServer((_req, res) => {
    globalThis.gc();
    const memory = process.memoryUsage();
    const heap = v8.getHeapStatistics();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ heapUsed: heap.used_heap_size, heapTotal: heap.total_heap_size, external: memory.external, arrayBuffers: memory.arrayBuffers, rss: memory.rss }));
  });
  probe.listen(port, '127.0.0.1');
  probe.unref();
}
