import fs from 'node:fs/promises';
import v8 from 'node:v8';
import { describe, expect, it, vi } from 'vitest';

describe('the heap settings', () => {
  it('turn allocation-site pretenuring off, before the entry point loads anything else', async () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    try {
      await import('./heap-settings.js');
      expect(setFlags).toHaveBeenCalledWith('--no-allocation-site-pretenuring');
    } finally {
      setFlags.mockRestore();
    }
    const entry = await fs.readFile(new URL('./main.ts', import.meta.url), 'utf8');
    expect(entry.match(/^import .*$/m)?.[0]).toBe("import './heap-settings.js';");
  });
});
