// Entry: styles, the query client and the app. The bundled CJK font (served from our own origin)
// dresses the panels only and loads after the map's first complete picture: its subset files
// (dozens on a first load, each one a relayout) would otherwise compete with the map, and until
// then the panels read in the system's CJK font (styles.css lists it next). One weight for Chinese
// text (bold is synthesised); figures keep a true bold (one small file).
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient, prefetchMapData } from './api/queries.ts';
import { afterFirstPicture } from './views/common/first-picture.ts';
import { App } from './App.tsx';

/** Pages without a map (or a map that never settles) get the font after this long. */
const FONT_FALLBACK_MS = 4000;

const queryClient = createQueryClient();
// The map's data loads while React starts.
prefetchMapData(queryClient);
void afterFirstPicture(FONT_FALLBACK_MS).then(() => Promise.all([import('@fontsource/noto-sans-sc/400.css'), import('@fontsource/noto-sans-sc/latin-700.css')]));
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
