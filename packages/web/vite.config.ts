import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development (`pnpm --filter @kontor/web dev`) the API runs on :4000; the built app is served by the server itself.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/graphql': 'http://localhost:4000', '/healthz': 'http://localhost:4000' },
  },
  build: {
    sourcemap: true,
    target: 'es2022',
  },
});
