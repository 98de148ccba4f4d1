import { beforeEach } from 'vitest';
import { describeOpenPages } from './browser.js';

// A browser test that fails in CI leaves only the log: it says what each open page showed at that moment.
beforeEach((context) => {
  context.onTestFailed(async () => {
    console.error(`--- open pages when "${context.task.name}" failed\n${await describeOpenPages()}`);
  });
});
