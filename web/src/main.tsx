// Entry: the bundled CJK font (served from our own origin), styles, the query client and the app.
// One weight for Chinese text (bold is synthesised): a second weight doubles the font files a
// first load fetches, each one a relayout when it arrives. Figures keep a true bold (one small file).
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/latin-700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient, prefetchMapData } from './api/queries.ts';
import { loadLabelFonts } from './map/adapter.ts';
import { SOURCES } from './map/style.ts';
import { App } from './App.tsx';

const queryClient = createQueryClient();
// The map's data, and the font files of its labels (township and street names), load while React starts.
const mapData = prefetchMapData(queryClient);
void mapData.townships.then((townships) => townships && loadLabelFonts({ [SOURCES.townshipLabels]: townships }));
void mapData.majorStreets.then((streets) => streets && loadLabelFonts({ [SOURCES.streets]: streets }));
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
