import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/**
 * Reads a package ZIP from a file on disk (yauzl: the central directory
 * first, then any entry as a stream, in any order), so an import reads each
 * JSON Lines file a line at a time and each file's bytes straight into the
 * storage; nothing is held whole.
 */
export class PackageReader {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
  ) {}

  static async open(path: string): Promise<PackageReader> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
    );
    const entries = new Map<string, yauzl.Entry>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    });
    return new PackageReader(zip, entries);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  size(name: string): number {
    return this.entries.get(name)?.uncompressedSize ?? 0;
  }

  stream(name: string): Promise<Readable> {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`the package has no ${name}`);
    return new Promise((resolve, reject) => this.zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));
  }

  async text(name: string, maxBytes: number): Promise<string> {
    if (this.size(name) > maxBytes) throw new Error(`${name} is larger than ${maxBytes} bytes`);
    const chunks: Buffer[] = [];
    for await (const chunk of await this.stream(name)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** The records of a JSON Lines file, one at a time; none when the package has no such file. */
  async *records(name: string): AsyncIterable<Record<string, unknown>> {
    if (!this.has(name)) return;
    const lines = createInterface({ input: await this.stream(name), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const record: unknown = JSON.parse(line);
      if (!record || typeof record !== 'object' || Array.isArray(record)) throw new Error(`${name}: a line that is not a JSON object`);
      yield record as Record<string, unknown>;
    }
  }

  close(): void {
    this.zip.close();
  }
}
