// The web app: built into dist/web (served by the API server); in development /api goes to a running server.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const apiTarget = process.env.GRIDMAP_API ?? 'http://127.0.0.1:8787';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // The map libraries are large by nature; one chunk each keeps caching simple.
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Vite's dynamic-import helper, which deck.gl's own lazy imports share: in a chunk of its
            // own, the page loads it without the deck.gl chunk (needed only by the hexagon mode).
            { name: 'preload-helper', test: /preload-helper/ },
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'deckgl', test: /node_modules[\\/]@(deck|luma|math|loaders)\.gl/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|@tanstack)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
