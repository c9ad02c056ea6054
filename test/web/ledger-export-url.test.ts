import { describe, expect, it } from 'vitest';
import { ledgerExportUrl } from '../../web/src/api/client.ts';

describe('ledger export link', () => {
  it('covers the whole county with no area and no window', () => {
    expect(ledgerExportUrl({})).toBe('/api/issues/export.csv');
    expect(ledgerExportUrl({ township: null, grid: null, from: null, to: null })).toBe('/api/issues/export.csv');
  });

  it('names the township and the window of report dates', () => {
    const url = new URL(ledgerExportUrl({ township: '360121100', from: '2026-11-01', to: '2026-11-26' }), 'http://localhost');
    expect(url.pathname).toBe('/api/issues/export.csv');
    expect(Object.fromEntries(url.searchParams)).toEqual({ township: '360121100', from: '2026-11-01', to: '2026-11-26' });
  });

  it('names only the grid when a grid is open', () => {
    const url = new URL(ledgerExportUrl({ township: '360121100', grid: '360121100012004' }), 'http://localhost');
    expect(Object.fromEntries(url.searchParams)).toEqual({ grid: '360121100012004' });
  });
});
