// Derived fieldwork figures, computed the same way by every backend.

/** Share of expected sign-ins that happened; null when nobody was expected (no rate, not 0 %). */
export function attendanceRate(expectedPresent: number, expectedSignIns: number): number | null {
  if (expectedSignIns <= 0) return null;
  return expectedPresent / expectedSignIns;
}
