import 'reflect-metadata';
import { startApp, type App } from './app.js';
import { loadConfigOrExit } from './config/config.js';
import { createLogger } from './logging/logger.js';

/** The server process: configuration, logger, the app, and a clean shutdown on SIGINT and SIGTERM. */
export async function main(onStopped: () => Promise<void> = async () => undefined): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, { service: 'kontor' });

  // Handlers first: a signal during start-up must still shut down cleanly (and stop the embedded database).
  let starting: Promise<App> | undefined;
  let stoppingSince: number | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      // A Ctrl-C reaches us both from the terminal and through `npm start`: one press, two signals.
      if (Date.now() - stoppingSince < 2000) return;
      logger.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info('shutting down', { signal });
    starting!
      .then((app) => app.close())
      .then(onStopped)
      .then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error('shutdown failed', { error });
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  starting = startApp(config, logger);
  await starting;
}
