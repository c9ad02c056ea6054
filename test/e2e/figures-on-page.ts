// Reading the figures a page shows and comparing them with the API's: counts must match exactly,
// rates to the one decimal shown.
import type { Page } from 'playwright-core';
import type { Stats } from '../../server/store/store.ts';

/** 7,773 → 7773; 56.3% → 56.3; '—' (no value) → null. */
export function parseFigure(text: string): number | null {
  const cleaned = text.replace(/[,\s\u00a0\u202f%]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

export async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

/** A count shown under `testId` differs from `expected`: the reason, else null. */
export async function countMismatch(page: Page, testId: string, expected: number): Promise<string | null> {
  const text = await textOf(page, testId);
  return parseFigure(text) === expected ? null : `${testId} shows "${text}", the API says ${expected}`;
}

/** A rate in [0, 1] shown as a percentage with one decimal; null rates show no number. */
export async function rateMismatch(page: Page, testId: string, expected: number | null): Promise<string | null> {
  const text = await textOf(page, testId);
  const shown = parseFigure(text);
  if (expected === null) return shown === null ? null : `${testId} shows "${text}", the API has no rate`;
  return shown !== null && Math.abs(shown - expected * 100) <= 0.05 + 1e-9 ? null : `${testId} shows "${text}", the API says ${(expected * 100).toFixed(3)}%`;
}

/** Every headline figure that differs from the API's stats (empty when all agree). */
export async function kpiMismatches(page: Page, stats: Stats): Promise<string[]> {
  const checks = await Promise.all([
    countMismatch(page, 'kpi-collected', stats.collected),
    countMismatch(page, 'kpi-closed', stats.closed),
    rateMismatch(page, 'kpi-close-rate', stats.closeRate),
    rateMismatch(page, 'kpi-on-time-close-rate', stats.onTimeCloseRate),
    countMismatch(page, 'kpi-overdue', stats.overdue),
    rateMismatch(page, 'kpi-satisfaction', stats.satisfactionRate),
  ]);
  return checks.filter((check): check is string => check !== null);
}

/** Codes of the ranking rows, top to bottom. */
export async function rankingCodes(page: Page): Promise<string[]> {
  return page.getByTestId('ranking-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-code') ?? ''));
}

/** hh:mm:ss as seconds since midnight. */
export function clockSeconds(text: string): number | null {
  const match = /(\d{2}):(\d{2}):(\d{2})/.exec(text);
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : null;
}

/** Seconds since midnight, China Standard Time, of an instant. */
export function chinaSecondsOfDay(instant: Date): number {
  return Math.floor((instant.getTime() / 1000 + 8 * 3600) % 86_400);
}
