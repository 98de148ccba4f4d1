import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development (`pnpm --filter @kontor/web dev`) the API runs on :4000; the built app is served by the server itself.
export default defineConfig(({ command }) => {
  // The server serves what `vite build` writes, so a build is always a production build: React's development
  // bundle (a third larger, over the initial JavaScript budget) must not follow a NODE_ENV=development meant for
  // the server. Vite would otherwise take the mode of its bundled libraries from NODE_ENV.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    plugins: [react()],
    server: {
      proxy: { '/graphql': 'http://localhost:4000', '/healthz': 'http://localhost:4000' },
    },
    build: {
      sourcemap: true,
      target: 'es2022',
    },
  };
});
